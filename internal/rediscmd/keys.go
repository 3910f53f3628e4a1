package rediscmd

import (
	"fmt"
	"strconv"
	"strings"
)

// The key finders below mirror the server's own (db.c *GetKeys in Redis
// 7): every argument they read to decide where the keys are must be
// constant; the arguments they skip (option values, keys) may change per
// iteration. When the arguments are malformed they refuse: the server
// would reject the command anyway, and a guess could put a key outside
// the namespace.

// is reports whether args[i] is the constant keyword kw (any case).
func is(args []Arg, i int, kw string) bool {
	return i < len(args) && args[i].Const && strings.EqualFold(args[i].Value, kw)
}

func name(args []Arg) string { return strings.ToUpper(args[0].Value) }

// keyAt: one key at position i (containers: OBJECT ENCODING key).
func keyAt(i int) func([]Arg) ([]int, *Refusal) {
	return func(args []Arg) ([]int, *Refusal) {
		if i >= len(args) {
			return nil, malformed(0, name(args)+" "+strings.ToUpper(args[1].Value), "the key argument is missing")
		}
		return []int{i}, nil
	}
}

func noKeys([]Arg) ([]int, *Refusal) { return nil, nil }

// numKeys: a numkeys argument at position at, followed by that many keys;
// fixed lists the keys before it (the destination of ZUNIONSTORE).
func numKeys(at int, fixed ...int) func([]Arg) ([]int, *Refusal) {
	return func(args []Arg) ([]int, *Refusal) {
		cmd := name(args)
		if at >= len(args) {
			return nil, malformed(0, cmd, "numkeys is missing")
		}
		if !args[at].Const {
			return nil, mustBeConstant(at, cmd, "numkeys")
		}
		n, err := strconv.Atoi(args[at].Value)
		if err != nil || n < 1 || n > len(args)-at-1 {
			return nil, malformed(at, cmd, fmt.Sprintf("numkeys (argument %d) must be a whole number from 1 to the number of arguments after it, not %q", at+1, args[at].Value))
		}
		pos := append([]int(nil), fixed...)
		for i := at + 1; i <= at+n; i++ {
			pos = append(pos, i)
		}
		return pos, nil
	}
}

// streamKeys: XREAD and XREADGROUP, [COUNT n] [BLOCK ms] [GROUP g c]
// [NOACK] STREAMS key... id...: the first half after STREAMS are keys.
func streamKeys(args []Arg) ([]int, *Refusal) {
	cmd := name(args)
	streams := -1
scan:
	for i := 1; i < len(args); i++ {
		if !args[i].Const {
			return nil, mustBeConstant(i, cmd, "an option name")
		}
		switch strings.ToUpper(args[i].Value) {
		case "BLOCK", "COUNT":
			i++
		case "GROUP":
			i += 2
		case "NOACK":
		case "STREAMS":
			streams = i
			break scan
		default:
			break scan
		}
	}
	n := len(args) - streams - 1
	if streams < 0 || n == 0 || n%2 != 0 {
		return nil, malformed(0, cmd, "it needs STREAMS followed by as many keys as IDs")
	}
	var pos []int
	for i := streams + 1; i <= streams+n/2; i++ {
		pos = append(pos, i)
	}
	return pos, nil
}

// sortKeys: SORT key [BY p] [LIMIT o c] [GET p]... [ASC|DESC] [ALPHA]
// [STORE dst]: the key, and the last STORE destination.
func sortKeys(args []Arg) ([]int, *Refusal) {
	if len(args) < 2 {
		return nil, malformed(0, "SORT", "the key is missing")
	}
	pos := []int{1}
	store := -1
	for i := 2; i < len(args); i++ {
		if !args[i].Const {
			return nil, mustBeConstant(i, "SORT", "an option name")
		}
		switch strings.ToUpper(args[i].Value) {
		case "LIMIT":
			i += 2
		case "GET", "BY":
			i++
		case "STORE":
			if i+1 < len(args) {
				store = i + 1
			}
		}
	}
	if store > 0 {
		pos = append(pos, store)
	}
	return pos, nil
}

// sortROKeys: SORT_RO key ...: only the key (the server flags it movable
// for its patterns, which checkSortPatterns refuses).
func sortROKeys(args []Arg) ([]int, *Refusal) {
	if len(args) < 2 {
		return nil, malformed(0, "SORT_RO", "the key is missing")
	}
	return []int{1}, nil
}

// geoRadiusKeys: GEORADIUS key lon lat radius unit / GEORADIUSBYMEMBER
// key member radius unit, then options; STORE and STOREDIST name a
// destination key (the last one counts).
func geoRadiusKeys(args []Arg) ([]int, *Refusal) {
	cmd := name(args)
	if len(args) < 2 {
		return nil, malformed(0, cmd, "the key is missing")
	}
	pos := []int{1}
	store := -1
	for i := 5; i < len(args); i++ {
		if !args[i].Const {
			return nil, mustBeConstant(i, cmd, "an option")
		}
		if (strings.EqualFold(args[i].Value, "STORE") || strings.EqualFold(args[i].Value, "STOREDIST")) && i+1 < len(args) {
			store = i + 1
			i++
		}
	}
	if store > 0 {
		pos = append(pos, store)
	}
	return pos, nil
}

// checkCopy: COPY src dst [DB n] [REPLACE]: DB copies to another
// database.
func checkCopy(args []Arg) *Refusal {
	for i := 3; i < len(args); i++ {
		if !args[i].Const {
			return mustBeConstant(i, "COPY", "an option")
		}
		if strings.EqualFold(args[i].Value, "DB") {
			return dangerous(i, "COPY with DB", Database)
		}
	}
	return nil
}

// checkSortPatterns: a BY or GET pattern with * reads other keys.
func checkSortPatterns(args []Arg) *Refusal {
	cmd := name(args)
	for i := 2; i < len(args); i++ {
		switch {
		case !args[i].Const:
			return mustBeConstant(i, cmd, "an option name")
		case strings.EqualFold(args[i].Value, "LIMIT"):
			i += 2
		case strings.EqualFold(args[i].Value, "BY"), strings.EqualFold(args[i].Value, "GET"):
			kw := strings.ToUpper(args[i].Value)
			if i+1 < len(args) && (!args[i+1].Const || strings.Contains(args[i+1].Value, "*")) {
				return dangerous(i+1, cmd+" "+kw+" pattern", Patterns)
			}
			i++
		}
	}
	return nil
}

// optionTTL: the command sets a TTL when one of opts appears (as a
// constant) from position from on.
func optionTTL(from int, opts ...string) func([]Arg) bool {
	return func(args []Arg) bool {
		for i := from; i < len(args); i++ {
			for _, o := range opts {
				if is(args, i, o) {
					return true
				}
			}
		}
		return false
	}
}

// restoreTTL: RESTORE key ttl payload: a ttl other than 0 sets one. A
// per-iteration ttl is not known: false.
func restoreTTL(args []Arg) bool {
	if len(args) < 3 || !args[2].Const {
		return false
	}
	n, err := strconv.ParseInt(args[2].Value, 10, 64)
	return err == nil && n != 0
}
