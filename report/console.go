package report

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"golang.org/x/term"

	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/redact"
	"github.com/stressql/stressql/results"
)

// ConsoleOptions configure a Console.
type ConsoleOptions struct {
	// NoColor disables color even on a terminal (--no-color). The NO_COLOR
	// environment variable does too.
	NoColor bool
	// Terminal treats the writer as a terminal even when it is not one
	// (tests; callers that know better). A terminal gets the live
	// progress line, and color unless disabled.
	Terminal bool
	// Width caps the line width on a terminal; 0 uses the terminal's
	// width. Lines are never wider than 100 columns.
	Width int
}

// Console writes the human report as a run goes: a header, a progress
// line on a terminal, each scenario's outcome, and a final summary. All
// methods are safe for concurrent use (Progress comes from a ticker).
type Console struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	width int
	st    styles

	// The scenario running now, for the progress line.
	running  bool
	lineOpen bool // a progress line is on screen
}

// NewConsole returns a console writing to w. Color and the progress line
// are used only when w is a terminal (or opts.Terminal).
func NewConsole(w io.Writer, opts ConsoleOptions) *Console {
	tty := opts.Terminal
	width := maxWidth
	if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		tty = true
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 && cols < width {
			width = cols
		}
	}
	if opts.Width > 0 && opts.Width < width {
		width = opts.Width
	}
	color := tty && !opts.NoColor && os.Getenv("NO_COLOR") == ""
	return &Console{w: w, tty: tty, width: width, st: newStyles(color)}
}

// RunStarted prints the header of a run: how many scenarios, against
// which targets (passwords redacted), and the seed that reproduces it.
func (c *Console) RunStarted(n int, targets map[string]string, seed int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearLine()
	var b strings.Builder
	fmt.Fprintf(&b, "stressql: running %d %s, seed %d\n", n, plural(n, "scenario"), seed)
	drivers := make([]string, 0, len(targets))
	for d := range targets {
		drivers = append(drivers, d)
	}
	sort.Strings(drivers)
	for _, d := range drivers {
		b.WriteString(truncate(fmt.Sprintf("  %-10s %s", termtext.Line(d), termtext.Line(redact.Target(targets[d]))), c.width))
		b.WriteByte('\n')
	}
	io.WriteString(c.w, b.String())
}

// ScenarioStarted announces scenario i of n. On a terminal it opens the
// progress line; elsewhere it prints one line, so that logs show what is
// running.
func (c *Console) ScenarioStarted(i, n int, name, driver string, expected time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.running = true
	if c.tty {
		c.writeProgress(results.Progress{Scenario: name, I: i, N: n, Expected: expected})
		return
	}
	line := fmt.Sprintf("[%d/%d] %s (%s, expected %s)", i, n, termtext.Line(name), termtext.Line(driver), dur(msOf(expected)))
	io.WriteString(c.w, truncate(line, c.width)+"\n")
}

// clearLine removes the progress line, if one is on screen. c.mu is held.
func (c *Console) clearLine() {
	if c.lineOpen {
		io.WriteString(c.w, "\r\x1b[2K")
		c.lineOpen = false
	}
}

func msOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// ScenarioFinished clears the progress line and prints the scenario's
// outcome: status, name and duration, a compact table of its results, the
// checks that failed with the values they read, and its errors.
func (c *Console) ScenarioFinished(s *results.ScenarioRun) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearLine()
	c.running = false
	io.WriteString(c.w, scenarioText(s, c.st, c.width))
}

// RunFinished prints the final summary: counts by status, the total time,
// and which scenarios did not pass.
func (c *Console) RunFinished(r *results.Run) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clearLine()
	c.running = false
	io.WriteString(c.w, summaryText(r, c.st, c.width))
}
