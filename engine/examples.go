package engine

import (
	"time"

	"github.com/stressql/stressql/drivers/errkind"
	"github.com/stressql/stressql/internal/monotime"
	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

// recordFailure records a failed iteration on rec: its error kind, and,
// for the first failure of each kind in this load run (lr.examples admits
// it), its message, redacted and bounded, timed from the scenario's
// start. Only that first failure builds a message; the others cost one
// atomic load more than the count. end is the monotime instant it failed.
func (lr *loadRun) recordFailure(rec *recShard, err error, latency, acquire time.Duration, end int64) {
	kind := kindIndex(lr.sc.errorKind(err))
	if !lr.examples.Admit(kind) {
		rec.fail(kind, latency, acquire)
		return
	}
	msg := lr.sc.redactMessage(err.Error())
	at := time.Duration(end - monotime.Of(lr.sc.started))
	rec.failWithExample(kind, latency, acquire, msg, at)
}

// errorKind classifies err with the driver's classifier.
func (s *scenarioRun) errorKind(err error) string {
	if s.classify != nil {
		return s.classify(err)
	}
	return errkind.Classify(err)
}

// failWithExample is fail with the failure's message kept as the example
// of its kind.
func (s *recShard) failWithExample(kind int, latency, acquire time.Duration, msg string, at time.Duration) {
	s.mu.Lock()
	s.rec.Fail(kind, latency, acquire)
	s.rec.Example(kind, msg, at)
	s.mu.Unlock()
}

// redactMessage is the one place where an error message of an iteration
// is made fit for the reports: the target's password removed in every
// form it may take (scrub), then cut to results.MaxExampleBytes. Redacting
// comes first, so that a cut never leaves part of a password behind.
func (s *scenarioRun) redactMessage(msg string) string {
	if s.target != "" {
		msg = scrub(msg, s.target)
	}
	return metrics.Bound(msg, results.MaxExampleBytes)
}
