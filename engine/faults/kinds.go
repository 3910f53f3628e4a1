package faults

import (
	"fmt"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/plan"
)

// kindAction is what the timeline does for one fault kind of
// internal/faultkind's table. Every kind of the table has one (a test
// checks), so that no fault is silently left unscheduled.
type kindAction struct {
	// start fires fault i; end, when set, clears it at after + duration.
	// A window kind without end clears itself (pause waits out its window
	// in its own goroutine).
	start, end func(t *Timeline, i int)
	// selfEnd: start clears the fault itself at after + duration (pause).
	selfEnd bool
	// atOpen: the engine applies the fault when it opens the pool (dns);
	// the timeline schedules nothing.
	atOpen bool
	// net sets the proxy state a network fault wants while active, and
	// describe says what it does, for its start event.
	net      func(f *plan.Fault, s *netState)
	describe func(f *plan.Fault) string
}

// network is the start and end of a fault set on the proxy.
func network(net func(f *plan.Fault, s *netState), describe func(f *plan.Fault) string) kindAction {
	return kindAction{
		start:    func(t *Timeline, i int) { t.setNetwork(i, true) },
		end:      func(t *Timeline, i int) { t.setNetwork(i, false) },
		net:      net,
		describe: describe,
	}
}

// spawned is an action that talks to a server: it runs in its own
// goroutine so that it cannot delay the rest of the schedule.
func spawned(fn func(t *Timeline, i int)) func(t *Timeline, i int) {
	return func(t *Timeline, i int) {
		t.spawn(func() { fn(t, i) })
	}
}

// actions maps each fault kind to its kindAction. It is filled by init:
// the network actions read it back through desired.
var actions map[string]kindAction

func init() { actions = kindActions() }

func kindActions() map[string]kindAction {
	return map[string]kindAction{
		faultkind.Latency: network(func(f *plan.Fault, s *netState) {
			for _, w := range ways(f) {
				s.delay[w], s.jitter[w] = f.Delay, f.Jitter
			}
		}, func(f *plan.Fault) string {
			if f.Jitter > 0 {
				return fmt.Sprintf("%s ±%s %s", f.Delay, f.Jitter, f.Direction)
			}
			return fmt.Sprintf("%s %s", f.Delay, f.Direction)
		}),
		faultkind.Bandwidth: network(func(f *plan.Fault, s *netState) {
			for _, w := range ways(f) {
				s.kbps[w] = f.KBps
			}
		}, func(f *plan.Fault) string {
			return fmt.Sprintf("%d KB/s %s", f.KBps, f.Direction)
		}),
		faultkind.Reset: network(func(f *plan.Fault, s *netState) {
			if f.Per == faultkind.PerRequest {
				s.resetReqP, s.spareReqs = f.Probability, int(f.SpareReqs)
				return
			}
			s.resetP = f.Probability
		}, func(f *plan.Fault) string {
			if f.Per == faultkind.PerRequest {
				d := fmt.Sprintf("%g%% of requests on open connections reset", f.Probability*100)
				if f.SpareReqs > 0 {
					d += fmt.Sprintf(" (the first %d of each connection spared)", f.SpareReqs)
				}
				return d
			}
			return fmt.Sprintf("%g%% of new connections reset", f.Probability*100)
		}),
		faultkind.Timeout: network(func(_ *plan.Fault, s *netState) { s.stall = true },
			func(*plan.Fault) string { return "no data flows" }),
		faultkind.Outage: {
			start:    func(t *Timeline, i int) { t.setOutage(i, true) },
			end:      func(t *Timeline, i int) { t.setOutage(i, false) },
			describe: func(*plan.Fault) string { return "connections cut, new ones refused" },
		},
		faultkind.Error: {
			start: func(t *Timeline, i int) { t.setError(i, true) },
			end:   func(t *Timeline, i int) { t.setError(i, false) },
		},
		faultkind.Terminate: {start: spawned((*Timeline).terminate)},
		faultkind.Pause:     {start: spawned((*Timeline).pause), selfEnd: true},
		faultkind.ClosePool: {start: spawned((*Timeline).closePool)},
		faultkind.Failover:  {start: spawned((*Timeline).failover)},
		faultkind.DNS:       {atOpen: true},
		faultkind.Restart:   {start: spawned((*Timeline).restart)},
	}
}
