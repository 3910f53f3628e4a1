package report

import (
	"strings"
	"testing"

	"github.com/stressql/stressql/results"
)

// TestLateFaultLines: a fault start or end later than the tolerance gets
// a warning line saying by how much and when it was planned; one on time,
// a failed one and an event without a plan get none.
func TestLateFaultLines(t *testing.T) {
	tests := []struct {
		name   string
		events []results.FaultEvent
		want   []string
	}{
		{"late start", []results.FaultEvent{
			{AtMs: 1280, PlannedMs: fptr(500), LateMs: fptr(780), Kind: "outage", What: "start: connections cut, new ones refused"},
		}, []string{"  fault outage started 780 ms late (planned +500ms, actual +1.28s): the machine is overloaded, so the fault window was not the planned one"}},
		{"late end in a phase", []results.FaultEvent{
			{AtMs: 2442.4, PlannedMs: fptr(2000), LateMs: fptr(442.4), Phase: "storm", Kind: "latency", What: "end"},
		}, []string{"  fault latency (phase storm) ended 442 ms late (planned +2.00s, actual +2.44s): the machine is overloaded, so the fault window was not the planned one"}},
		{"missed", []results.FaultEvent{
			{AtMs: 3000, PlannedMs: fptr(2900), LateMs: fptr(100), Kind: "terminate", What: "missed: the phase ended first"},
		}, []string{"  fault terminate never started (planned +2.90s, the phase ended at +3.00s): the machine is overloaded, so the run did not get the faults it planned"}},
		{"within the tolerance", []results.FaultEvent{
			{AtMs: 550, PlannedMs: fptr(500), LateMs: fptr(50), Kind: "outage", What: "start: connections cut, new ones refused"},
		}, nil},
		{"failed", []results.FaultEvent{
			{AtMs: 1280, PlannedMs: fptr(500), LateMs: fptr(0), Kind: "terminate", What: "not done", Error: "boom"},
		}, nil},
		{"no plan", []results.FaultEvent{{AtMs: 3000, Kind: "outage", What: "end (phase ended)"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &results.ScenarioRun{Name: "s", Driver: "postgres", Status: results.StatusPass,
				Result: &results.Result{Faults: results.FaultTiming{ToleranceMs: 50}}, Faults: tt.events}
			got := lateFaultLines(s, 400)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("lines\n%q\nwant\n%q", got, tt.want)
			}
			text := scenarioText(s, newStyles(false), 400)
			for _, w := range tt.want {
				if !strings.Contains(text, w+"\n") {
					t.Errorf("the scenario block lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
