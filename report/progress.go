package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/stressql/stressql/internal/termtext"
	"github.com/stressql/stressql/results"
)

// Progress rewrites the status line on a terminal and does nothing
// elsewhere. It is meant for a ticker goroutine; a call that arrives after
// ScenarioFinished is ignored.
func (c *Console) Progress(p results.Progress) {
	if !c.tty {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.running {
		return
	}
	c.writeProgress(p)
}

// writeProgress draws p over the current line. c.mu is held.
func (c *Console) writeProgress(p results.Progress) {
	errs := "err " + count(p.Errors)
	p95 := "-"
	if p.P95 > 0 {
		p95 = ms(msOf(p.P95))
	}
	stats := fmt.Sprintf("  %s/%s  ops %s  %s  %s/s  p95 %s",
		dur(msOf(p.Elapsed)), dur(msOf(p.Expected)), count(p.Ops), errs, num(p.Rate), p95)
	if l := p.Last; l != nil {
		// The latest interval: what the server does now, not since the start.
		p99, pool := "-", "-"
		if l.Latency.Count > 0 {
			p99 = ms(l.Latency.P99)
		}
		if g := l.Pool.InUseConns; g.Samples > 0 && l.Pool.TotalConns.Samples > 0 {
			pool = whole(g.Last) + "/" + whole(l.Pool.TotalConns.Last)
		}
		stats = fmt.Sprintf("  %s/%s  ops %s  %s  last %s: %s/s p99 %s err %s pool %s",
			dur(msOf(p.Elapsed)), dur(msOf(p.Expected)), count(p.Ops), errs,
			dur(l.Duration), num(l.Throughput), p99, count(l.Ops.Failed), pool)
	}
	head := fmt.Sprintf("[%d/%d] ", p.I, p.N)
	// One column short of the width, so that the terminal never wraps.
	room := c.width - 1 - len(head) - len(stats)
	name := termtext.Line(p.Scenario)
	if room < 8 {
		stats = ""
		room = c.width - 1 - len(head)
	}
	if p.Errors > 0 {
		// Color after measuring: escapes take no columns.
		stats = strings.Replace(stats, errs, c.st.fail.Sprint(errs), 1)
	}
	io.WriteString(c.w, "\r\x1b[2K"+head+truncate(name, room)+stats)
	c.lineOpen = true
}
