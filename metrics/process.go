package metrics

import (
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/shirou/gopsutil/v4/process"

	"github.com/stressql/stressql/results"
)

// ProcessSample is one look at the stressql process itself. A value that
// could not be read is NaN (Series.Add skips it).
type ProcessSample struct {
	At         time.Time
	RSSMB      float64 // resident set size
	HeapMB     float64 // bytes in live and not yet swept heap objects
	Goroutines float64
	FDs        float64 // open file descriptors
}

const heapMetric = "/memory/classes/heap/objects:bytes"

// sampler holds what SampleProcess reuses between calls.
var sampler struct {
	once sync.Once
	proc *process.Process // nil when gopsutil cannot open this process
	mu   sync.Mutex
	heap []metrics.Sample
}

// SampleProcess samples the current process: RSS and open fds from the OS
// (gopsutil), heap from runtime/metrics (no stop-the-world, unlike
// runtime.ReadMemStats) and the goroutine count. Safe for concurrent use.
func SampleProcess() ProcessSample {
	sampler.once.Do(func() {
		sampler.proc, _ = process.NewProcess(int32(os.Getpid()))
		sampler.heap = []metrics.Sample{{Name: heapMetric}}
	})
	s := ProcessSample{
		At:         time.Now(),
		RSSMB:      math.NaN(),
		HeapMB:     math.NaN(),
		FDs:        math.NaN(),
		Goroutines: float64(runtime.NumGoroutine()),
	}
	if p := sampler.proc; p != nil {
		if m, err := p.MemoryInfo(); err == nil {
			s.RSSMB = mb(m.RSS)
		}
		if n, err := p.NumFDs(); err == nil {
			s.FDs = float64(n)
		}
	}
	sampler.mu.Lock()
	metrics.Read(sampler.heap)
	if v := sampler.heap[0].Value; v.Kind() == metrics.KindUint64 {
		s.HeapMB = mb(v.Uint64())
	}
	sampler.mu.Unlock()
	return s
}

func mb(bytes uint64) float64 { return float64(bytes) / (1 << 20) }

// ProcessSeries collects process samples over a run.
type ProcessSeries struct {
	RSSMB, HeapMB, Goroutines, FDs Series
}

// Add appends a sample.
func (p *ProcessSeries) Add(s ProcessSample) {
	p.RSSMB.Add(s.At, s.RSSMB)
	p.HeapMB.Add(s.At, s.HeapMB)
	p.Goroutines.Add(s.At, s.Goroutines)
	p.FDs.Add(s.At, s.FDs)
}

// Between returns the samples taken in [from, to).
func (p ProcessSeries) Between(from, to time.Time) ProcessSeries {
	return ProcessSeries{
		RSSMB:      p.RSSMB.Between(from, to),
		HeapMB:     p.HeapMB.Between(from, to),
		Goroutines: p.Goroutines.Between(from, to),
		FDs:        p.FDs.Between(from, to),
	}
}

// Process summarizes the samples as results.Process.
func (p ProcessSeries) Process() results.Process {
	return results.Process{
		RSSMB:      p.RSSMB.Growth(),
		HeapMB:     p.HeapMB.Growth(),
		Goroutines: p.Goroutines.Growth(),
		FDs:        p.FDs.Growth(),
	}
}

// Append adds o's samples after p's (see Series.Append).
func (p *ProcessSeries) Append(o ProcessSeries) {
	p.RSSMB.Append(o.RSSMB)
	p.HeapMB.Append(o.HeapMB)
	p.Goroutines.Append(o.Goroutines)
	p.FDs.Append(o.FDs)
}
