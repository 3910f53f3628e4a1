package shard

import (
	"fmt"
	"sort"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// Replay hands a (merged) scenario's series to sink as the engine would
// have while it ran (series.Sink's order): for each scenario interval,
// the load and phase records that start in it, then the scenario's
// record, each with its histograms decoded. Windowed checks
// (checks.Windows) are evaluated this way after merge.
func Replay(sr *results.ScenarioRun, index int, sink interface{ Interval(*series.Event) bool }) error {
	r := sr.Result
	if r == nil {
		return nil
	}
	type rec struct {
		level, phase, load string
		iv                 *results.Interval
	}
	var subs []rec
	for _, name := range sortedKeys(r.Loads) {
		for k := range r.Loads[name].Series {
			subs = append(subs, rec{series.LevelLoad, "", name, &r.Loads[name].Series[k]})
		}
	}
	for _, name := range sortedKeys(r.Phases) {
		for k := range r.Phases[name].Series {
			subs = append(subs, rec{series.LevelPhase, name, "", &r.Phases[name].Series[k]})
		}
	}
	sort.SliceStable(subs, func(a, b int) bool { return subs[a].iv.TMs < subs[b].iv.TMs })
	next := 0
	for k := range r.Series {
		sc := &r.Series[k]
		end := sc.TMs + sc.Duration
		if k+1 < len(r.Series) {
			end = r.Series[k+1].TMs
		}
		for ; next < len(subs) && (subs[next].iv.TMs < end || k == len(r.Series)-1); next++ {
			s := subs[next]
			ev, err := event(sr, index, s.level, s.phase, s.load, s.iv)
			if err != nil {
				return err
			}
			sink.Interval(ev)
		}
		ev, err := event(sr, index, series.LevelScenario, "", "", sc)
		if err != nil {
			return err
		}
		sink.Interval(ev)
	}
	return nil
}

func event(sr *results.ScenarioRun, index int, level, phase, load string, iv *results.Interval) (*series.Event, error) {
	ev := &series.Event{Scenario: sr.Name, Index: index, Level: level, Phase: phase, Load: load, Record: iv}
	hs := [3]*hdrhistogram.Histogram{}
	for i, name := range histogramNames {
		hs[i] = metrics.NewHistogram()
		if enc, ok := iv.Histograms[name]; ok {
			d, err := hdrhistogram.Decode([]byte(enc))
			if err != nil {
				return nil, fmt.Errorf("scenario %q: decode a series %s histogram: %w", sr.Name, name, err)
			}
			hs[i].Merge(d)
		}
	}
	ev.Latency, ev.Acquire, ev.Lateness = hs[0], hs[1], hs[2]
	return ev, nil
}

func sortedKeys(m map[string]*results.Result) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
