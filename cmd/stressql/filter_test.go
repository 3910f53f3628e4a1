package main

import (
	"slices"
	"testing"

	"github.com/stressql/stressql/plan"
)

func TestFilterPlan(t *testing.T) {
	plan := &plan.Plan{Scenarios: []*plan.Scenario{
		{Name: "pool_max", Tags: []string{"exhaustion"}},
		{Name: "pool_min", Tags: []string{"warmup"}},
		{Name: "redis_pause", Tags: []string{"faults", "exhaustion"}},
		{Name: "sweep[100ms]"},
		{Name: "sweep[500ms]", Tags: []string{"faults"}},
	}}
	tests := []struct {
		name          string
		filters, tags []string
		want          []string
		wantErr       bool
	}{
		{"nothing given keeps all", nil, nil, []string{"pool_max", "pool_min", "redis_pause", "sweep[100ms]", "sweep[500ms]"}, false},
		{"glob", []string{"pool_*"}, nil, []string{"pool_max", "pool_min"}, false},
		{"any filter may match", []string{"pool_max", "redis_*"}, nil, []string{"pool_max", "redis_pause"}, false},
		{"any tag may match", nil, []string{"warmup", "faults"}, []string{"pool_min", "redis_pause", "sweep[500ms]"}, false},
		{"filter and tag both apply", []string{"pool_*"}, []string{"exhaustion"}, []string{"pool_max"}, false},
		{"exact name with brackets", []string{"sweep[100ms]"}, nil, []string{"sweep[100ms]"}, false},
		{"the base name selects every for_each instance", []string{"sweep"}, nil, []string{"sweep[100ms]", "sweep[500ms]"}, false},
		{"escaped brackets glob over the key", []string{`sweep\[1*\]`}, nil, []string{"sweep[100ms]"}, false},
		{"no match", []string{"nope"}, nil, nil, false},
		{"a malformed glob is an error", []string{"sweep[1"}, nil, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := filterPlan(plan, tt.filters, tt.tags)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			var names []string
			for _, s := range got.Scenarios {
				names = append(names, s.Name)
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("got %v, want %v", names, tt.want)
			}
		})
	}
	if len(plan.Scenarios) != 5 {
		t.Error("filterPlan modified its input")
	}
}
