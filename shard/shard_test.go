package shard

import (
	"testing"
	"time"

	"github.com/stressql/stressql/internal/faultkind"
	"github.com/stressql/stressql/internal/loadpattern"
	"github.com/stressql/stressql/plan"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Spec
		bad  bool
	}{
		{in: "0/1", want: Spec{0, 1}},
		{in: "3/4", want: Spec{3, 4}},
		{in: " 1/2 ", want: Spec{1, 2}},
		{in: "4/4", bad: true},
		{in: "-1/4", bad: true},
		{in: "0/0", bad: true},
		{in: "1", bad: true},
		{in: "a/b", bad: true},
	} {
		got, err := Parse(tc.in)
		if (err != nil) != tc.bad || (!tc.bad && got != tc.want) {
			t.Errorf("Parse(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestPart(t *testing.T) {
	for _, tc := range []struct {
		total int64
		n     int
		want  []int64
	}{
		{1001, 2, []int64{501, 500}},
		{10, 3, []int64{4, 3, 3}},
		{1, 3, []int64{1, 0, 0}},
		{0, 2, []int64{0, 0}},
	} {
		var sum int64
		for i := range tc.n {
			if got := Part(tc.total, i, tc.n); got != tc.want[i] {
				t.Errorf("Part(%d, %d, %d) = %d, want %d", tc.total, i, tc.n, got, tc.want[i])
			}
			sum += Part(tc.total, i, tc.n)
		}
		if sum != tc.total {
			t.Errorf("parts of %d over %d add up to %d", tc.total, tc.n, sum)
		}
	}
}

func testPlan() *plan.Plan {
	return &plan.Plan{Scenarios: []*plan.Scenario{{
		Name: "s", ExpectedDuration: 4 * time.Second,
		Phases: []*plan.Phase{{
			Loads: []*plan.Load{
				{Name: "b", Pattern: plan.Burst, Workers: 3, Iterations: 1001, ExpectedIterations: 1001},
				{Name: "w", Pattern: plan.ConstantWorkers, Workers: 5, Duration: time.Second},
				{Name: "r", Pattern: plan.ConstantRate, Rate: 1000, Duration: 4 * time.Second, MaxWorkers: 10, ExpectedIterations: 4000},
				{Name: "ramp", Pattern: plan.RampingRate, StartRate: 10, MaxWorkers: 1,
					Stages: []plan.Stage{{Rate: 100, Duration: time.Second}}, ExpectedIterations: 55},
			},
			Faults: []*plan.Fault{{Kind: faultkind.Pause, Duration: time.Second}, {Kind: faultkind.Latency}, {Kind: faultkind.Terminate}},
		}},
	}}}
}

func TestSplitAddsUp(t *testing.T) {
	p := testPlan()
	for _, n := range []int{1, 2, 3, 7} {
		sums := map[string][3]int64{} // workers, iterations, max workers
		rates := map[string]float64{}
		for i := range n {
			sp, err := Split(p, Spec{i, n})
			if err != nil {
				t.Fatal(err)
			}
			ph := sp.Scenarios[0].Phases[0]
			for _, l := range ph.Loads {
				s := sums[l.Name]
				s[0] += l.Workers
				s[1] += l.ExpectedIterations
				s[2] += l.MaxWorkers
				sums[l.Name] = s
				rates[l.Name] += l.Rate + l.StartRate
				if l.Pattern == plan.Burst && l.Iterations > 0 && l.Workers == 0 {
					t.Errorf("%d/%d: burst with iterations and no worker", i, n)
				}
			}
			pauses := 0
			for _, f := range ph.Faults {
				if f.Kind == faultkind.Pause {
					pauses++
				}
			}
			if want := map[bool]int{true: 1, false: 0}[i == 0]; pauses != want || len(ph.Faults) != 2+want {
				t.Errorf("%d/%d: faults %d (pauses %d)", i, n, len(ph.Faults), pauses)
			}
		}
		if got := sums["b"][1]; got != 1001 {
			t.Errorf("over %d: burst iterations add up to %d", n, got)
		}
		if n <= 3 && sums["b"][0] != 3 {
			t.Errorf("over %d: burst workers add up to %d", n, sums["b"][0])
		}
		if got := sums["w"][0]; got != 5 {
			t.Errorf("over %d: workers add up to %d", n, got)
		}
		if got := sums["r"][1]; got != 4000 {
			t.Errorf("over %d: rate iterations add up to %d", n, got)
		}
		if got := sums["ramp"][1]; got != 55 {
			t.Errorf("over %d: ramp iterations add up to %d", n, got)
		}
		if d := rates["r"] - 1000; d > 1e-9 || d < -1e-9 {
			t.Errorf("over %d: rates add up to %v", n, rates["r"])
		}
		if n <= 10 && sums["r"][2] != 10 {
			t.Errorf("over %d: max workers add up to %d", n, sums["r"][2])
		}
	}
	if p.Scenarios[0].Phases[0].Loads[0].Iterations != 1001 || len(p.Scenarios[0].Phases[0].Faults) != 3 {
		t.Error("Split changed its input")
	}
}

func TestSplitSegment(t *testing.T) {
	sp, err := Split(testPlan(), Spec{2, 3})
	if err != nil {
		t.Fatal(err)
	}
	l := sp.Scenarios[0].Phases[0].Loads[2]
	if l.Segment == nil || l.Segment.Index != 2 || l.Segment.Count != 3 || l.Segment.Rate != 1000 {
		t.Fatalf("segment %+v", l.Segment)
	}
	if l.Rate != 1000.0/3 || l.ExpectedIterations != 1333 {
		t.Errorf("rate %v iterations %d", l.Rate, l.ExpectedIterations)
	}
}

func TestEveryKindHasARule(t *testing.T) {
	for _, k := range faultkind.Names() {
		if FaultRules[k] == 0 {
			t.Errorf("fault kind %q has no sharding rule in FaultRules", k)
		}
	}
	for _, name := range loadpattern.Names() {
		l := &plan.Load{Name: "l", Pattern: name}
		if _, err := splitLoad(l, Spec{0, 2}); err != nil {
			t.Errorf("pattern %q: %v", name, err)
		}
	}
}
