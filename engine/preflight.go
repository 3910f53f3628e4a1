package engine

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/stressql/stressql/drivers"
	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/plan"
	"github.com/stressql/stressql/results"
)

// PreflightTimeout bounds the probe of one target; the targets are probed
// at the same time.
const PreflightTimeout = 5 * time.Second

// PreflightReport is what Preflight found about the targets a plan needs.
type PreflightReport struct {
	// RunID is the run id the probes named their throwaway namespace and
	// connections with; give it to Run (Options.RunID) so both agree.
	RunID string
	// Targets are the probed targets, in driver order.
	Targets  []TargetPreflight
	Duration time.Duration
}

// TargetPreflight is one target's findings.
type TargetPreflight struct {
	Driver string
	drivers.PreflightResult
	// Need is the most connections the run opens at once to this target:
	// the largest, over the scenarios of this driver, of a phase's pool
	// size plus the monitor connection (the old and the new pool together
	// when a phase swaps pools). NeedScenario is the scenario that needs
	// them.
	Need         int
	NeedScenario string
	// NeedHow says how Need is made, e.g. "pool of 20 + 1 monitor".
	NeedHow string
}

// Failed reports whether any target has a problem: the run must not start.
func (r *PreflightReport) Failed() bool {
	for _, t := range r.Targets {
		if len(t.Problems) > 0 {
			return true
		}
	}
	return false
}

// Preflight probes, before the first scenario, every target the plan's
// scenarios need: it answers, accepts the login, and the role may create
// the run's namespace (each driver's Preflight), and the largest number of
// connections the run opens at once fits the server's limits (a warning
// when not). Targets are probed concurrently, each within
// PreflightTimeout. opts.RunID names the probes' throwaway namespace (a
// fresh one when empty: see PreflightReport.RunID).
func Preflight(ctx context.Context, plan *plan.Plan, opts Options) *PreflightReport {
	start := time.Now()
	opts = opts.withDefaults()
	rep := &PreflightReport{RunID: opts.RunID}
	needs := planNeeds(plan)
	names := make([]string, 0, len(needs))
	for d := range needs {
		names = append(names, d)
	}
	sort.Strings(names) // a stable order: postgres, then redis
	for _, driver := range names {
		n := needs[driver]
		rep.Targets = append(rep.Targets, TargetPreflight{Driver: driver, Need: n.conns, NeedScenario: n.scenario, NeedHow: n.how})
	}
	var wg sync.WaitGroup
	for i := range rep.Targets {
		t := &rep.Targets[i]
		wg.Go(func() {
			n := needs[t.Driver]
			t.PreflightResult = probe(ctx, n.desc, opts, n.commands, n.faults)
			if opts.Servers[t.Driver] == nil {
				for _, o := range OwnedServerFaults(plan, opts.Servers) {
					if o.Driver == t.Driver {
						t.Problems = append(t.Problems, o.Finding())
					}
				}
			}
			if len(t.Problems) == 0 {
				t.Warnings = append(t.Warnings, limitWarnings(t)...)
			}
		})
	}
	wg.Wait()
	rep.Duration = time.Since(start)
	return rep
}

// probe runs the driver's Preflight against the driver's target.
func probe(ctx context.Context, d *drivers.Descriptor, opts Options, commands [][]string, faults []string) drivers.PreflightResult {
	if d == nil {
		return drivers.PreflightResult{Problems: []drivers.Finding{{Kind: "other",
			Message: "the plan has no driver descriptor"}}}
	}
	url := opts.Targets[d.Name]
	if url == "" {
		return drivers.PreflightResult{Problems: []drivers.Finding{{Kind: "other",
			Message: fmt.Sprintf("no %s target: pass --%s URL or set %s", d.Name, d.Name, d.EnvVar)}}}
	}
	if d.Preflight == nil {
		return drivers.PreflightResult{}
	}
	ctx, cancel := context.WithTimeout(ctx, PreflightTimeout)
	defer cancel()
	req := drivers.PreflightRequest{
		Env: drivers.Env{
			URL:       url,
			AppName:   appName(opts.RunID, 0, "preflight"),
			Namespace: namespace(d.Namespace, opts.RunID, 0),
			AdminURL:  opts.AdminTargets[d.Name],
		},
		Commands: commands,
		Faults:   faults,
	}
	res := d.Preflight(ctx, req)
	for _, list := range [][]drivers.Finding{res.Problems, res.Warnings} {
		for i := range list {
			list[i].Message = scrub(list[i].Message, url)
			list[i].Hint = scrub(list[i].Hint, url)
		}
	}
	return res
}

// limitWarnings compares what the run needs with each limit the server
// told.
func limitWarnings(t *TargetPreflight) []drivers.Finding {
	var out []drivers.Finding
	for _, l := range t.Limits {
		if t.Need <= l.Free() {
			continue
		}
		out = append(out, drivers.Finding{Kind: "limit",
			Message: fmt.Sprintf("%s: scenario %q opens up to %d connections at once (%s), "+
				"but %s leaves %d (%d in use by others).",
				t.Driver, t.NeedScenario, t.Need, t.NeedHow, l.What, l.Free(), l.InUse),
			Hint: "Its connections beyond that will fail (too many connections); raise the limit, or lower the pool size."})
	}
	return out
}

// need is what the scenarios of one driver need from its target.
type need struct {
	conns    int
	scenario string
	how      string     // how conns is made
	commands [][]string // steps the driver's preflight samples (redis command steps)
	faults   []string   // fault kinds of the driver's scenarios, each once
	desc     *drivers.Descriptor
}

// planNeeds returns, per driver the plan uses, the most connections a
// scenario opens at once and the command steps.
func planNeeds(plan *plan.Plan) map[string]need {
	out := map[string]need{}
	if plan == nil {
		return out
	}
	for _, sc := range plan.Scenarios {
		n, seen := out[sc.Driver]
		c, how := scenarioConns(sc)
		if !seen || c > n.conns {
			n.conns, n.scenario, n.how = c, sc.Name, how
		}
		if n.desc == nil {
			n.desc = sc.Desc
		}
		for _, ph := range sc.Phases {
			for _, f := range ph.Faults {
				if !slices.Contains(n.faults, f.Kind) {
					n.faults = append(n.faults, f.Kind)
				}
			}
			for _, l := range ph.Loads {
				n.commands = appendCommands(n.commands, sc.Desc, l.Steps)
				n.commands = appendCommands(n.commands, sc.Desc, l.Fallback)
			}
		}
		out[sc.Driver] = n
	}
	return out
}

// appendCommands appends the arguments of the steps whose kind the
// driver's preflight samples.
func appendCommands(out [][]string, d *drivers.Descriptor, steps []drivers.Step) [][]string {
	for _, s := range steps {
		if d == nil || len(s.Args) == 0 {
			continue
		}
		if k := d.Step(s.Kind); k == nil || !k.Preflight {
			continue
		}
		args := make([]string, len(s.Args))
		for i, a := range s.Args {
			args[i] = a.String(0, 0)
		}
		out = append(out, args)
	}
	return out
}

// scenarioConns is the most connections scenario sc holds at once, and
// how that number is made: per phase, its pool's maximum plus the pool's
// monitor connection; a phase that swaps pools (its own pool block, or a
// dns fault) briefly holds the previous phase's too.
func scenarioConns(sc *plan.Scenario) (int, string) {
	most, prev := 0, 0
	how := ""
	var cfg *plan.Pool
	prevDNS := false
	for i, ph := range sc.Phases {
		dns := hasFault(ph.Faults, faultkind.DNS)
		swap := i > 0 && (ph.Pool != nil || dns != prevDNS)
		if ph.Pool != nil {
			cfg = ph.Pool
		}
		size := poolConns(cfg, ph)
		n := size + 1
		h := fmt.Sprintf("pool of %d + 1 monitor", size)
		if swap {
			n += prev
			h = fmt.Sprintf("phase %q's pool of %d + 1 monitor beside the previous phase's %d while it swaps pools", ph.Name, size, prev)
		}
		if n > most {
			most, how = n, h
		}
		prev, prevDNS = size+1, dns
		if r := ph.Resize; r != nil {
			// A resize under traffic holds both pools while the old drains.
			cfg = r.Pool
			rsize := poolConns(cfg, ph)
			if n := rsize + 1 + prev; n > most {
				most, how = n, fmt.Sprintf("phase %q's resize to a pool of %d + 1 monitor beside its pool of %d while it drains", ph.Name, rsize, prev)
			}
			prev = rsize + 1
		}
	}
	return most, how
}

// poolConns is the most connections one pool of cfg opens during phase ph:
// its maximum size, or, for a disabled pool (a connection per iteration),
// the phase's workers.
func poolConns(cfg *plan.Pool, ph *plan.Phase) int {
	if cfg == nil {
		return 0
	}
	if n, ok := cfg.MaxConns(); ok {
		return int(n)
	}
	n := 0
	for _, l := range ph.Loads {
		if loadpattern.IsOpen(l.Pattern) {
			n += int(l.MaxWorkers)
		} else {
			n += int(l.Workers)
		}
	}
	return n
}

// PreflightFailed is the report of a run that the preflight stopped
// before its first scenario: every scenario of the plan has status
// "error" and carries the problem that stopped the run (for a scenario of
// a target without problems, the other target's).
func PreflightFailed(plan *plan.Plan, opts Options, pre *PreflightReport) *results.Run {
	opts = opts.withDefaults()
	r := &results.Run{
		SchemaVersion: results.SchemaVersion,
		Version:       opts.Version,
		RunID:         pre.RunID,
		Seed:          opts.Seed,
		StartedAt:     time.Now().Add(-pre.Duration),
		DurationMs:    float64(pre.Duration) / float64(time.Millisecond),
		Targets:       redactTargets(opts.Targets),
		Scenarios:     []*results.ScenarioRun{},
	}
	own := map[string][]string{}
	var all []string
	for _, t := range pre.Targets {
		for _, p := range t.Problems {
			msg := "preflight: " + FindingText(p)
			own[t.Driver] = append(own[t.Driver], msg)
			all = append(all, msg)
		}
	}
	sort.Strings(all)
	if plan != nil {
		for _, sc := range plan.Scenarios {
			sr := newScenarioRun(sc)
			sr.StartedAt = r.StartedAt
			sr.Status = results.StatusError
			if msgs := own[sc.Driver]; len(msgs) > 0 {
				sr.Errors = append([]string(nil), msgs...)
			} else {
				for _, m := range all {
					sr.Errors = append(sr.Errors, "not run: "+m)
				}
			}
			r.Scenarios = append(r.Scenarios, sr)
		}
	}
	r.Summary = count(r.Scenarios)
	return r
}

// FindingText is a finding as one line: the message, then the hint.
func FindingText(f drivers.Finding) string {
	if f.Hint == "" {
		return f.Message
	}
	return strings.TrimSuffix(f.Message, " ") + " " + f.Hint
}
