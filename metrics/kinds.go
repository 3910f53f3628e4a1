package metrics

import "github.com/stressql/stressql/results"

// KindOther is the index of "other" in results.ErrorKinds, where failures
// of an unknown kind are counted.
var KindOther = mustKind("other")

var kindIndex = func() map[string]int {
	m := make(map[string]int, len(results.ErrorKinds))
	for i, k := range results.ErrorKinds {
		m[k] = i
	}
	return m
}()

// KindIndex returns the index of an error kind in results.ErrorKinds, for
// Recorder.Fail. Resolve kinds once, outside the hot path.
func KindIndex(kind string) (int, bool) {
	i, ok := kindIndex[kind]
	return i, ok
}

func mustKind(kind string) int {
	for i, k := range results.ErrorKinds {
		if k == kind {
			return i
		}
	}
	panic("metrics: results.ErrorKinds has no " + kind)
}
