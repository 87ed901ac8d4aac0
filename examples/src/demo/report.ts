// Printing the demo's report: colour on a terminal, plain text when piped or NO_COLOR is set.
const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined

const paint = (code: string) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text)
export const bold = paint("1")
export const dim = paint("2")
export const green = paint("32")
export const red = paint("31")
export const yellow = paint("33")
export const cyan = paint("36")

export const title = (text: string) => console.log(`\n${bold(text)}\n`)

export const step = (n: number, text: string) => console.log(`\n${bold(cyan(String(n).padStart(2)))}  ${bold(text)}`)

export const line = (label: string, text: string) => console.log(`    ${dim(label.padEnd(8))} ${text}`)

export const ok = (text: string) => line("result", green(text))

export const expected = (text: string) => line("error", yellow(text))

export const failed = (text: string) => line("FAILED", red(text))

export const note = (text: string) => line("", dim(text))

/** Counts down on a terminal; prints one line when piped. */
export const countdown = async (seconds: number, label: string) => {
  if (!colour) {
    line("waiting", `${seconds} s (${label})`)
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
    return
  }
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
  const end = Date.now() + seconds * 1000
  let frame = 0
  while (Date.now() < end) {
    const left = Math.ceil((end - Date.now()) / 1000)
    process.stdout.write(
      `\r    ${dim("waiting ")} ${yellow(frames[frame++ % frames.length]!)} ${left} s left (${label})  `
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  process.stdout.write(`\r    ${dim("waiting ")} ${green("✓")} waited ${seconds} s (${label})          \n`)
}
