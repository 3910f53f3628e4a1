package engine

import (
	"testing"

	"github.com/stressql/stressql/internal/loadpattern"
)

// TestEveryPatternRuns: each pattern of the table has a runner, and no
// runner is for a pattern the table does not have.
func TestEveryPatternRuns(t *testing.T) {
	t.Parallel()
	for _, p := range loadpattern.Patterns {
		if patternRunners[p.Name] == nil {
			t.Errorf("%s: no runner in engine (patterns.go)", p.Name)
		}
	}
	for name := range patternRunners {
		if _, ok := loadpattern.Of(name); !ok {
			t.Errorf("runner for %q, which is not in the table", name)
		}
	}
}
