// The fake transport of core's tests, shared rather than copied.
export * from "../../../core/test/utils/fake.js"
