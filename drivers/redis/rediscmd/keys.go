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

// sortOptions walks the options of SORT or SORT_RO as the server parses
// them: ASC, DESC, ALPHA, LIMIT offset count, BY pattern, GET pattern and
// (SORT only) STORE destination; anything else is a syntax error. opt is
// called with the position of each option word and, for BY and GET, of
// its pattern. It returns the position of the last STORE destination, -1
// without one.
func sortOptions(args []Arg, opt func(kw string, i int) *Refusal) (int, *Refusal) {
	cmd := name(args)
	if len(args) < 2 {
		return -1, malformed(0, cmd, "the key is missing")
	}
	store := -1
	for i := 2; i < len(args); i++ {
		if !args[i].Const {
			return -1, mustBeConstant(i, cmd, "an option name")
		}
		kw := strings.ToUpper(args[i].Value)
		left := len(args) - i - 1
		switch {
		case kw == "ASC" || kw == "DESC" || kw == "ALPHA":
		case kw == "LIMIT" && left >= 2:
			i += 2
		case kw == "STORE" && cmd == "SORT" && left >= 1:
			store = i + 1
			i++
		case (kw == "BY" || kw == "GET") && left >= 1:
			if r := opt(kw, i+1); r != nil {
				return -1, r
			}
			i++
		default:
			return -1, malformed(i, cmd, fmt.Sprintf("%q (argument %d) is not one of its options", args[i].Value, i+1))
		}
	}
	return store, nil
}

// sortKeys: the key, and the last STORE destination.
func sortKeys(args []Arg) ([]int, *Refusal) {
	store, r := sortOptions(args, func(string, int) *Refusal { return nil })
	if r != nil {
		return nil, r
	}
	if store > 0 {
		return []int{1, store}, nil
	}
	return []int{1}, nil
}

// geoRadiusKeys: GEORADIUS key lon lat radius unit (options from base
// 6) or GEORADIUSBYMEMBER key member radius unit (from 5), options parsed
// as the server does; STORE and STOREDIST name a destination key (the
// last one counts).
func geoRadiusKeys(base int) func([]Arg) ([]int, *Refusal) {
	return func(args []Arg) ([]int, *Refusal) {
		cmd := name(args)
		if len(args) < base {
			return nil, malformed(0, cmd, "it needs a key, a center, a radius and a unit")
		}
		pos := []int{1}
		store := -1
		for i := base; i < len(args); i++ {
			if !args[i].Const {
				return nil, mustBeConstant(i, cmd, "an option name")
			}
			kw := strings.ToUpper(args[i].Value)
			left := len(args) - i - 1
			switch {
			case kw == "WITHDIST" || kw == "WITHHASH" || kw == "WITHCOORD" || kw == "ANY" || kw == "ASC" || kw == "DESC":
			case kw == "COUNT" && left >= 1:
				i++
			case (kw == "STORE" || kw == "STOREDIST") && left >= 1:
				store = i + 1
				i++
			default:
				return nil, malformed(i, cmd, fmt.Sprintf("%q (argument %d) is not one of its options", args[i].Value, i+1))
			}
		}
		if store > 0 {
			pos = append(pos, store)
		}
		return pos, nil
	}
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

// checkSortPatterns: a BY or GET pattern with * reads other keys (one
// without * reads none: BY nosort, GET #).
func checkSortPatterns(args []Arg) *Refusal {
	cmd := name(args)
	_, r := sortOptions(args, func(kw string, i int) *Refusal {
		if !args[i].Const || strings.Contains(args[i].Value, "*") {
			return dangerous(i, cmd+" "+kw+" pattern", Patterns)
		}
		return nil
	})
	return r
}

// hasOption: one of opts appears (as a constant) from position from on
// (SET ... EX sets a TTL, XGROUP CREATE ... MKSTREAM creates the stream).
func hasOption(from int, opts ...string) func([]Arg) bool {
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
