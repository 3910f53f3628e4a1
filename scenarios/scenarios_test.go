// Package scenarios_test checks that the seed scenarios load, compile and
// are exactly the 50 tests of the seed suite, each in its file.
package scenarios_test

import (
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/stressql/stressql/compiler"
	"github.com/stressql/stressql/drivers/registry"
	"github.com/stressql/stressql/dsl"
	"github.com/stressql/stressql/plan"
)

// seedTest is one test of the seed suite (connection-pool-stress-suite.md):
// its name without "test_", the file it belongs in, the driver it stresses
// and the category tag of its seed heading.
type seedTest struct {
	name, file, driver, category string
}

// seed lists the 50 tests in the seed's order.
var seed = []seedTest{
	// test_postgres_connection_pool.py
	{"pool_max_size_enforcement", "postgres.hcl", "postgres", "exhaustion"},
	{"pool_exhaustion_wait_behavior", "postgres.hcl", "postgres", "exhaustion"},
	{"pool_exhaustion_timeout", "postgres.hcl", "postgres", "exhaustion"},
	{"graceful_degradation_when_pool_full", "postgres.hcl", "postgres", "exhaustion"},
	{"pool_exhaustion_error_messages", "postgres.hcl", "postgres", "exhaustion"},
	{"connection_recovery_after_failure", "postgres.hcl", "postgres", "recovery"},
	{"connection_validation_on_acquire", "postgres.hcl", "postgres", "recovery"},
	{"stale_connection_detection", "postgres.hcl", "postgres", "recovery"},
	{"automatic_reconnection", "postgres.hcl", "postgres", "recovery"},
	{"pool_recovery_after_database_restart_simulation", "postgres.hcl", "postgres", "recovery"},
	{"100_concurrent_acquisitions", "postgres.hcl", "postgres", "concurrency"},
	{"high_load_1000_rps", "postgres.hcl", "postgres", "concurrency"},
	{"connection_release_race_conditions", "postgres.hcl", "postgres", "concurrency"},
	{"connection_leak_detection", "postgres.hcl", "postgres", "concurrency"},
	{"fair_queuing_fifo", "postgres.hcl", "postgres", "concurrency"},
	{"min_size_maintains_minimum_connections", "postgres.hcl", "postgres", "configuration"},
	{"max_size_prevents_overallocation", "postgres.hcl", "postgres", "configuration"},
	{"connection_idle_timeout", "postgres.hcl", "postgres", "configuration"},
	{"connection_max_lifetime", "postgres.hcl", "postgres", "configuration"},
	{"pool_warmup_on_initialization", "postgres.hcl", "postgres", "configuration"},

	// test_redis_connection_pool.py
	{"max_connections_limit", "redis.hcl", "redis", "exhaustion"},
	{"blocking_vs_nonblocking_mode", "redis.hcl", "redis", "exhaustion"},
	{"connection_timeout_behavior", "redis.hcl", "redis", "exhaustion"},
	{"pool_full_error_handling", "redis.hcl", "redis", "exhaustion"},
	{"queue_backlog_under_load", "redis.hcl", "redis", "exhaustion"},
	{"connection_acquisition_latency", "redis.hcl", "redis", "performance"},
	{"connection_release_latency", "redis.hcl", "redis", "performance"},
	{"throughput_operations_per_second", "redis.hcl", "redis", "performance"},
	{"connection_reuse_efficiency", "redis.hcl", "redis", "performance"},
	{"pool_overhead_vs_direct_connection", "redis.hcl", "redis", "performance"},
	{"connection_recovery_after_redis_restart_simulation", "redis.hcl", "redis", "failover"},
	{"connection_validation_ping", "redis.hcl", "redis", "failover"},
	{"automatic_retry_on_transient_failures", "redis.hcl", "redis", "failover"},
	{"circuit_breaker_pattern", "redis.hcl", "redis", "failover"},
	{"fallback_to_non_cached_operation", "redis.hcl", "redis", "failover"},
	{"connection_memory_usage", "redis.hcl", "redis", "memory"},
	{"socket_handle_cleanup", "redis.hcl", "redis", "memory"},
	{"connection_pool_memory_growth", "redis.hcl", "redis", "memory"},
	{"connection_leak_detection_redis", "redis.hcl", "redis", "memory"},
	{"resource_cleanup_on_pool_close", "redis.hcl", "redis", "memory"},

	// test_connection_pool_edge_cases.py
	{"pool_behavior_with_network_latency", "edge.hcl", "postgres", "edge"},
	{"pool_behavior_with_slow_queries", "edge.hcl", "postgres", "edge"},
	{"connection_spike_pattern", "edge.hcl", "postgres", "edge"},
	{"connection_churn_pattern", "edge.hcl", "postgres", "edge"},
	{"pool_close_while_connections_active", "edge.hcl", "postgres", "edge"},
	{"pool_resize_during_active_use", "edge.hcl", "postgres", "edge"},
	{"connection_acquisition_timeout", "edge.hcl", "postgres", "edge"},
	{"connection_validation_failure", "edge.hcl", "postgres", "edge"},
	{"dns_resolution_failures", "edge.hcl", "postgres", "edge"},
	{"ssl_tls_connection_overhead", "edge.hcl", "postgres", "edge"},
}

// categories are the tags a seed heading may map to.
var categories = []string{
	"exhaustion", "recovery", "concurrency", "configuration",
	"performance", "failover", "memory", "edge",
}

// compile loads and compiles paths, failing the test on any diagnostic
// (warnings included: the seed scenarios are meant to be clean).
func compile(t *testing.T, paths ...string) *plan.Plan {
	t.Helper()
	cfg, diags := dsl.Load(paths, dsl.LoadOptions{Drivers: registry.Default()})
	if len(diags) > 0 {
		t.Fatalf("load %v: %s", paths, diags.Error())
	}
	pl, diags := compiler.Compile(cfg)
	if len(diags) > 0 {
		t.Fatalf("compile %v: %s", paths, diags.Error())
	}
	return pl
}

func TestSeedScenarios(t *testing.T) {
	t.Parallel()
	pl := compile(t, ".")

	byName := make(map[string]*plan.Scenario, len(pl.Scenarios))
	var got []string
	for _, sc := range pl.Scenarios {
		if slices.Contains(sc.Tags, "baseline") {
			continue // baseline.hcl: the seed's baseline tables, not its tests
		}
		if byName[sc.Name] != nil {
			t.Errorf("scenario %q is defined twice", sc.Name)
		}
		byName[sc.Name] = sc
		got = append(got, sc.Name)
	}
	var want []string
	for _, s := range seed {
		want = append(want, s.name)
	}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("scenario set differs from the seed:\n got %d: %v\nwant %d: %v", len(got), got, len(want), want)
	}

	for _, s := range seed {
		sc := byName[s.name]
		if sc == nil {
			continue // reported above
		}
		t.Run(s.name, func(t *testing.T) {
			if f := filepath.Base(sc.Source.Filename); f != s.file {
				t.Errorf("defined in %s, want %s", f, s.file)
			}
			if sc.Driver != s.driver {
				t.Errorf("driver %q, want %q", sc.Driver, s.driver)
			}
			if sc.Description == "" {
				t.Error("no description")
			}
			if !slices.Contains(sc.Tags, s.category) {
				t.Errorf("tags %v lack the seed category %q", sc.Tags, s.category)
			}
			for _, tag := range sc.Tags {
				if !slices.Contains(categories, tag) {
					t.Errorf("tag %q is not a seed category %v", tag, categories)
				}
			}
			if s.category == "edge" && len(sc.Tags) < 2 {
				t.Errorf("edge scenario tags %v: want a second category", sc.Tags)
			}
			if len(sc.Checks) == 0 {
				t.Error("no checks")
			}
		})
	}
}

// TestFilesStandAlone: each file loads and compiles on its own, with the
// seed tests of that file and no others.
func TestFilesStandAlone(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"postgres.hcl", "redis.hcl", "edge.hcl"} {
		t.Run(file, func(t *testing.T) {
			t.Parallel()
			pl := compile(t, file)
			var got, want []string
			for _, sc := range pl.Scenarios {
				got = append(got, sc.Name)
			}
			for _, s := range seed {
				if s.file == file {
					want = append(want, s.name)
				}
			}
			// Scenarios run in file order, which follows the seed's order.
			if !slices.Equal(got, want) {
				t.Errorf("scenarios in %s:\n got %v\nwant %v", file, got, want)
			}
		})
	}
}

// TestSuiteFitsBudget: the whole suite is planned to run in under 6
// minutes on the 2-core CI machine. The expected durations leave out pool
// set-up and tear-down, so they must stay well below that.
func TestSuiteFitsBudget(t *testing.T) {
	t.Parallel()
	pl := compile(t, ".")
	var total float64
	for _, sc := range pl.Scenarios {
		total += sc.ExpectedDuration.Seconds()
	}
	const budget = 4 * 60 // seconds; the rest of the 6 minutes is overhead
	if total > budget {
		t.Errorf("expected durations add up to %.0fs, over the %ds budget", total, budget)
	}
}
