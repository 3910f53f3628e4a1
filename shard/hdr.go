package shard

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"sync"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
	"github.com/stressql/stressql/results"
)

// summer adds encoded HDR histograms (hdrhistogram-go's V2 compressed
// encoding, base64) of package metrics' geometry into one counts array,
// without building a histogram per input: hdrhistogram.Decode allocates
// and clears the whole counts array (≈ 320 KB) for each, which made
// merging 50 scenarios × 8 shards take seconds. An input of another
// geometry goes through hdrhistogram.Decode and Merge instead. The sum is
// exact: the same counts in the same buckets.
type summer struct {
	counts  []int64 // metrics' geometry
	hi      int     // counts[hi:] are 0
	other   *hdrhistogram.Histogram
	n       int // inputs added
	raw     []byte
	payload bytes.Buffer
	zr      io.ReadCloser
}

var geometry = metrics.NewHistogram().Export()

func newSummer() *summer {
	return &summer{counts: make([]int64, len(geometry.Counts))}
}

// reset empties the sum.
func (s *summer) reset() {
	clear(s.counts[:s.hi])
	s.hi, s.other, s.n = 0, nil, 0
}

// add adds one encoded histogram.
func (s *summer) add(enc string) error {
	s.n++
	n := base64.StdEncoding.DecodedLen(len(enc))
	if cap(s.raw) < n {
		s.raw = make([]byte, n)
	}
	n, err := base64.StdEncoding.Decode(s.raw[:n], []byte(enc))
	if err != nil {
		return err
	}
	raw := s.raw[:n]
	if len(raw) < 8 || int32(binary.BigEndian.Uint32(raw))&^0xf0 != hdrhistogram.V2CompressedEncodingCookieBase {
		return s.slow(enc)
	}
	clen := int(int32(binary.BigEndian.Uint32(raw[4:])))
	if clen < 0 || clen > len(raw)-8 {
		return fmt.Errorf("corrupt histogram: compressed length %d", clen)
	}
	if s.zr == nil {
		s.zr, err = zlib.NewReader(bytes.NewReader(raw[8 : 8+clen]))
	} else {
		err = s.zr.(zlib.Resetter).Reset(bytes.NewReader(raw[8:8+clen]), nil)
	}
	if err != nil {
		return err
	}
	s.payload.Reset()
	if _, err := s.payload.ReadFrom(s.zr); err != nil {
		return err
	}
	p := s.payload.Bytes()
	if len(p) < 40 {
		return fmt.Errorf("corrupt histogram: header of %d bytes", len(p))
	}
	plen := int(int32(binary.BigEndian.Uint32(p[4:])))
	digits := int64(int32(binary.BigEndian.Uint32(p[12:])))
	low, high := int64(binary.BigEndian.Uint64(p[16:])), int64(binary.BigEndian.Uint64(p[24:]))
	if digits != geometry.SignificantFigures || low != geometry.LowestTrackableValue || high != geometry.HighestTrackableValue {
		return s.slow(enc)
	}
	if plen < 0 || plen > len(p)-40 {
		return fmt.Errorf("corrupt histogram: payload length %d", plen)
	}
	return s.fill(p[40 : 40+plen])
}

// fill adds a payload of zig-zag LEB128 counts (negative: a run of
// zeros), as hdrhistogram-go writes it.
func (s *summer) fill(p []byte) error {
	idx := 0
	for len(p) > 0 {
		var v uint64
		n := 0
		for shift := 0; ; shift += 7 {
			if n >= len(p) {
				return fmt.Errorf("corrupt histogram payload: truncated count")
			}
			b := p[n]
			n++
			if n == 9 {
				v |= uint64(b) << 56
				break
			}
			v |= uint64(b&0x7f) << shift
			if b&0x80 == 0 {
				break
			}
		}
		p = p[n:]
		c := int64((v >> 1) ^ -(v & 1))
		if c < 0 {
			if -c > int64(len(s.counts)-idx) {
				return fmt.Errorf("corrupt histogram payload: zeros past the end")
			}
			idx += int(-c)
			continue
		}
		if idx >= len(s.counts) {
			return fmt.Errorf("corrupt histogram payload: count past the end")
		}
		s.counts[idx] += c
		idx++
		s.hi = max(s.hi, idx)
	}
	return nil
}

// slow adds an encoded histogram of another geometry.
func (s *summer) slow(enc string) error {
	h, err := hdrhistogram.Decode([]byte(enc))
	if err != nil {
		return err
	}
	if s.other == nil {
		s.other = metrics.NewHistogram()
	}
	s.other.Merge(h)
	return nil
}

// histogram is the sum as a histogram of metrics' geometry.
func (s *summer) histogram() *hdrhistogram.Histogram {
	snap := *geometry
	snap.Counts = s.counts
	h := hdrhistogram.Import(&snap)
	if s.other != nil {
		h.Merge(s.other)
	}
	return h
}

// buckets is, for each index of the counts array of metrics' geometry,
// the lowest, highest and median value its bucket stands for, in the
// order hdrhistogram-go's iterators visit them (the array's order).
type bucketTable struct {
	low, high, median []int64
}

var (
	tableOnce sync.Once
	table     bucketTable
)

func buckets() *bucketTable {
	tableOnce.Do(func() {
		snap := *geometry
		snap.Counts = make([]int64, len(geometry.Counts))
		for i := range snap.Counts {
			snap.Counts[i] = 1
		}
		bars := hdrhistogram.Import(&snap).Distribution()
		table = bucketTable{low: make([]int64, len(bars)), high: make([]int64, len(bars)), median: make([]int64, len(bars))}
		for i, b := range bars {
			table.low[i], table.high[i] = b.From, b.To
			table.median[i] = b.From + (b.To-b.From+1)>>1
		}
	})
	return &table
}

// summary is metrics.Summary of the sum, computed in one pass over the
// counts with the same arithmetic as hdrhistogram-go's Min, Max, Mean,
// StdDev and ValueAtQuantile (a test checks they agree), which each walk
// the whole array: nine walks per results object made merging slow.
func (s *summer) summary() results.Summary {
	if s.other != nil {
		return metrics.Summary(s.histogram())
	}
	t := buckets()
	counts := s.counts[:s.hi]
	var total int64
	first, last := -1, -1
	for i, c := range counts {
		if c != 0 {
			total += c
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if total == 0 || last >= len(t.high) {
		if total == 0 {
			return results.Summary{}
		}
		return metrics.Summary(s.histogram())
	}
	ft := float64(total)
	var mean float64
	for i := first; i <= last; i++ {
		if c := counts[i]; c != 0 {
			mean += float64(c) * float64(t.median[i]) / ft
		}
	}
	var dev2 float64
	for i := first; i <= last; i++ {
		if c := counts[i]; c != 0 {
			d := float64(t.median[i]) - mean
			dev2 += (d * d) * float64(c) / ft
		}
	}
	qs := [5]float64{50, 90, 95, 99, 99.9}
	var vs [5]int64
	var run int64
	q := 0
	ranks := [5]int64{}
	for k, p := range qs {
		ranks[k] = percentileRank(p, total)
	}
	for i := first; i <= last && q < len(qs); i++ {
		run += counts[i]
		for q < len(qs) && run >= ranks[q] {
			vs[q] = t.high[i]
			q++
		}
	}
	ms := func(us int64) float64 { return float64(us) / 1000 }
	return results.Summary{
		Count:  total,
		Min:    ms(t.low[first]),
		Mean:   mean / 1000,
		P50:    ms(vs[0]),
		P90:    ms(vs[1]),
		P95:    ms(vs[2]),
		P99:    ms(vs[3]),
		P999:   ms(vs[4]),
		Max:    ms(t.high[last]),
		Stddev: math.Sqrt(dev2) / 1000,
	}
}

// percentileRank is hdrhistogram-go's: the rank of percentile among
// total values, from 1 to total.
func percentileRank(percentile float64, total int64) int64 {
	if percentile > 100 {
		percentile = 100
	}
	rank := (percentile/100)*float64(total) + 0.5
	if !(rank >= 1) {
		return 1
	}
	if rank >= float64(total) {
		return total
	}
	return int64(rank)
}
