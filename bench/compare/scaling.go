package main

import (
	"context"
	"fmt"
)

// scalingConns are the points of the scaling curve: workers = pool size
// = connections.
var scalingConns = []int{1, 4, 16, 64, 256}

// measureScaling runs closed-model PING at each of scalingConns, stressql
// and the bare go-redis loop interleaved b.runs times, and reports per
// point the median throughput ratio against the closed-model target: a
// load generator whose overhead grows with its workers would fall behind
// at the top of the curve, one with a fixed cost at the bottom.
func (b *bench) measureScaling(ctx context.Context) []Row {
	var rows []Row
	for _, n := range scalingConns {
		if ctx.Err() != nil {
			break
		}
		tc := b.redisPingCase(fmt.Sprintf("redis PING, %d conns", n), n, nil)
		samples, errs := b.interleave(ctx, tc.name, tc.order(), b.duration)
		row, _, _, _ := closedRows("scaling (closed model PING)", "", tc, samples, errs)
		rows = append(rows, row)
	}
	return rows
}
