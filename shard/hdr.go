package shard

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"

	hdrhistogram "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/stressql/stressql/metrics"
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
