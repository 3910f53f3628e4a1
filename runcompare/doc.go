// Package runcompare compares two JSON reports of `stressql run` (a
// baseline and a new run, results.Run of the same schema version) and
// says, per scenario, phase and load and per metric (latency p50, p95,
// p99 and max, acquire p99 where the driver measures it, throughput,
// error rate, dropped share), whether it regressed, improved, did not
// change significantly, or had too little data to tell.
//
// A verdict needs all of:
//   - at least MinIntervals per-interval samples (results.Result.Series)
//     with data in each run, else "not enough data";
//   - a change of the part's total value larger than the metric's
//     absolute floor (1 ms for latencies, 1/s for throughput, half a
//     percentage point for the error rate and the dropped share), so that
//     sub-millisecond jitter of a shared machine is never a regression;
//   - a relative change beyond the threshold (Options: 10% by default,
//     per metric overrides), or any change from 0;
//   - a change larger than the spread the runs show between their own
//     intervals (the larger interquartile range of the two runs'
//     per-interval values);
//   - a two-sided Mann–Whitney U test (MannWhitney) of the two runs'
//     per-interval values significant at Alpha (0.05), shifted in the same
//     direction as the totals.
//
// The direction then says regressed or improved: higher is worse but for
// throughput. Scenarios, phases and loads present in one run only are
// listed. Compare builds the Report; WriteText, WriteJSON and
// WriteMarkdown print it.
package runcompare
