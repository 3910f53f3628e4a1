package postgres

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"github.com/stressql/stressql/drivers"
)

// Step kinds this driver runs.
const (
	KindQuery   = "query"
	KindAcquire = "acquire"
	KindHold    = "hold"
	KindPing    = "ping"
	KindTx      = "tx"
)

// Prepare compiles a step into an Op.
func (p *pool) Prepare(s drivers.Step) (drivers.Op, error) {
	switch s.Kind {
	case KindQuery:
		if s.SQL == "" {
			return nil, errors.New("postgres query step: sql is empty")
		}
		o := &queryOp{p: p, sql: s.SQL, args: s.Args, mode: p.cfg.QueryExecMode}
		if o.mode == "" {
			o.mode = ModeCacheStatement
		}
		if len(s.Args) > 0 {
			sum := sha256.Sum256([]byte(s.SQL))
			o.stmt = "stressql_" + hex.EncodeToString(sum[:12])
			n := len(s.Args)
			o.bufs = sync.Pool{New: func() any {
				return &params{ends: make([]int, n), vals: make([][]byte, n)}
			}}
		}
		return o, nil
	case KindAcquire:
		return &holdOp{p: p}, nil
	case KindHold:
		if s.Duration <= 0 {
			return nil, fmt.Errorf("postgres hold step: duration %s: want > 0", s.Duration)
		}
		return &holdOp{p: p, d: s.Duration}, nil
	case KindPing:
		return &pingOp{p: p}, nil
	case KindTx:
		if len(s.Statements) == 0 {
			return nil, errors.New("postgres tx step: no statements")
		}
		return &txOp{p: p, stmts: s.Statements}, nil
	}
	return nil, fmt.Errorf("postgres: unknown step kind %q (want query, acquire, hold, ping or tx)", s.Kind)
}
