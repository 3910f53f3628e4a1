package report

import (
	"github.com/fatih/color"

	"github.com/stressql/stressql/results"
)

// styles are the colors of the console; all plain when color is off.
type styles struct {
	pass, fail, warn, faint, bold *color.Color
}

func newStyles(on bool) styles {
	s := styles{
		pass:  color.New(color.FgGreen, color.Bold),
		fail:  color.New(color.FgRed, color.Bold),
		warn:  color.New(color.FgYellow),
		faint: color.New(color.Faint),
		bold:  color.New(color.Bold),
	}
	// Decide here rather than through the package-wide color.NoColor,
	// which looks at stdout, not at the writer we were given.
	for _, c := range []*color.Color{s.pass, s.fail, s.warn, s.faint, s.bold} {
		if on {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return s
}

// status returns the label of a scenario status and its color.
func (st styles) status(status string) (string, *color.Color) {
	switch status {
	case results.StatusPass:
		return "PASS", st.pass
	case results.StatusFail:
		return "FAIL", st.fail
	case results.StatusError:
		return "ERROR", st.fail
	case results.StatusInterrupted:
		return "INTERRUPTED", st.warn
	case results.StatusSkipped:
		return "SKIPPED", st.faint
	}
	return status, st.warn
}
