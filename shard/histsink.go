package shard

import (
	"sync"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/results"
	"github.com/stressql/stressql/series"
)

// SeriesHistograms is a series.Sink that keeps every interval's
// histograms, encoded, so that Attach can put them in the series records
// of the report (results.Interval's Histograms), which merge needs to
// merge intervals exactly. The records themselves carry none (the
// engine's series keeps them small); a shard's report does.
type SeriesHistograms struct {
	mu   sync.Mutex
	byID map[recKey]map[string]string
	err  error
}

type recKey struct {
	index              int
	level, phase, load string
	tMs                float64
}

// NewSeriesHistograms returns an empty sink.
func NewSeriesHistograms() *SeriesHistograms {
	return &SeriesHistograms{byID: map[recKey]map[string]string{}}
}

// Interval implements series.Sink.
func (s *SeriesHistograms) Interval(ev *series.Event) {
	if ev == nil || ev.Record == nil {
		return
	}
	hs := map[string]string{}
	for name, h := range map[string]*hdrhistogram.Histogram{"latency": ev.Latency, "acquire": ev.Acquire, "lateness": ev.Lateness} {
		if h == nil || h.TotalCount() == 0 {
			continue
		}
		b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
		if err != nil {
			s.mu.Lock()
			s.err = err
			s.mu.Unlock()
			return
		}
		hs[name] = string(b)
	}
	k := recKey{ev.Index, ev.Level, ev.Phase, ev.Load, ev.Record.TMs}
	s.mu.Lock()
	s.byID[k] = hs
	s.mu.Unlock()
}

// Attach sets the histograms of every series record of run that the sink
// heard; it returns the first encoding error.
func (s *SeriesHistograms) Attach(run *results.Run) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, sr := range run.Scenarios {
		r := sr.Result
		if r == nil {
			continue
		}
		idx := i + 1
		s.attach(r.Series, func(tMs float64) []recKey { return []recKey{{idx, series.LevelScenario, "", "", tMs}} })
		for name, lr := range r.Loads {
			s.attach(lr.Series, func(tMs float64) []recKey {
				var ks []recKey
				for ph := range r.Phases {
					ks = append(ks, recKey{idx, series.LevelLoad, ph, name, tMs})
				}
				return append(ks, recKey{idx, series.LevelLoad, "", name, tMs})
			})
		}
		for ph, pr := range r.Phases {
			s.attach(pr.Series, func(tMs float64) []recKey { return []recKey{{idx, series.LevelPhase, ph, "", tMs}} })
			for name, lr := range pr.Loads {
				s.attach(lr.Series, func(tMs float64) []recKey { return []recKey{{idx, series.LevelLoad, ph, name, tMs}} })
			}
		}
	}
	return s.err
}

func (s *SeriesHistograms) attach(recs []results.Interval, keys func(tMs float64) []recKey) {
	for j := range recs {
		for _, k := range keys(recs[j].TMs) {
			if hs, ok := s.byID[k]; ok {
				if len(hs) > 0 {
					recs[j].Histograms = hs
				}
				break
			}
		}
	}
}
