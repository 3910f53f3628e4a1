// read.js LOG — reads an HdrHistogram interval log with hdr-histogram-js's
// HistogramLogReader and prints, per tag, the total count, the max and the
// p99 of all its intervals added up, and each interval's start and end
// (ms since the epoch, as the reader computes them from BaseTime), count,
// decoded max, and the Interval_Max column of its line, as JSON.
// Used by hlog/js_test.go.
"use strict";
const fs = require("fs");
const hdr = require("hdr-histogram-js");

const content = fs.readFileSync(process.argv[2], "utf8");

// The Interval_Max column, which the reader skips, in line order.
const maxColumns = content
  .split(/\r\n|\r|\n/)
  .filter((l) => !l.startsWith("#") && !l.startsWith('"') && l.includes(","))
  .map((l) => {
    const f = l.split(",");
    if (f[0].startsWith("Tag=")) f.shift();
    return Number.parseFloat(f[2]);
  });

const reader = new hdr.HistogramLogReader(content);
const tags = {};
let i = 0;
let h;
while ((h = reader.nextIntervalHistogram()) !== null) {
  let t = tags[h.tag];
  if (!t) {
    t = tags[h.tag] = {
      sum: hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: h.numberOfSignificantValueDigits }),
      intervals: [],
    };
  }
  t.sum.add(h);
  t.intervals.push({
    start_ms: h.startTimeStampMsec,
    end_ms: h.endTimeStampMsec,
    count: h.totalCount,
    max: h.maxValue,
    max_column: maxColumns[i],
  });
  i++;
}
if (i !== maxColumns.length) {
  throw new Error(`read ${i} intervals of ${maxColumns.length} lines`);
}
const out = {};
for (const [tag, t] of Object.entries(tags)) {
  out[tag] = {
    count: t.sum.totalCount,
    max: t.sum.maxValue,
    p99: t.sum.getValueAtPercentile(99),
    intervals: t.intervals,
  };
}
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
