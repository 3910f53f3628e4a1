package rediscmd

import (
	"fmt"
	"strings"
)

// Arg is one argument of a command as the checks see it.
type Arg struct {
	// Value is the argument; meaningful only when Const.
	Value string
	// Const is set when the argument is the same for every iteration.
	Const bool
}

// Consts makes constant Args of strings (tests, tools).
func Consts(ss ...string) []Arg {
	out := make([]Arg, len(ss))
	for i, s := range ss {
		out[i] = Arg{Value: s, Const: true}
	}
	return out
}

// Group is a kind of command that needs allow_dangerous = true, with the
// reason.
type Group struct {
	Name string
	// Reason completes "<COMMAND> is refused because ...".
	Reason string
	// Commands lists the commands of the group, for the docs ("" entries
	// are not commands: see Note).
	Commands []string
	// Note says which forms of an otherwise allowed command belong to the
	// group (COPY ... DB).
	Note string
}

// The groups of dangerous commands, in the order the docs list them.
var (
	Scripting = &Group{Name: "scripting",
		Reason: "scripts and functions can run any command, including FLUSHALL, on any key of the server",
		Commands: []string{"EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO", "SCRIPT",
			"FUNCTION"}}
	Admin = &Group{Name: "server administration",
		Reason: "it administers or inspects the whole server (settings, persistence, users, modules, statistics), not the run's keys",
		Commands: []string{"ACL", "BGREWRITEAOF", "BGSAVE", "COMMAND", "CONFIG", "DEBUG", "INFO",
			"LASTSAVE", "LATENCY", "LOLWUT", "MEMORY", "MODULE", "PFDEBUG", "PFSELFTEST", "SAVE",
			"SHUTDOWN", "SLOWLOG"},
		Note: "MEMORY USAGE key is allowed"}
	Replication = &Group{Name: "replication and cluster",
		Reason: "it acts on replication or the cluster, which every client of the server shares",
		Commands: []string{"ASKING", "CLUSTER", "FAILOVER", "PSYNC", "READONLY", "READWRITE", "REPLCONF",
			"REPLICAOF", "RESTORE-ASKING", "ROLE", "SLAVEOF", "SYNC", "WAIT"}}
	Clients = &Group{Name: "other clients",
		Reason:   "it acts on other clients of the server (KILL, PAUSE, UNBLOCK, LIST) or changes how the pooled connection behaves (REPLY, TRACKING, NO-EVICT)",
		Commands: []string{"CLIENT"},
		Note:     "CLIENT SETNAME, GETNAME, ID and INFO are allowed"}
	Database = &Group{Name: "databases",
		Reason:   "it changes the connection's database or moves keys to another database or server, outside the run's namespace and its cleanup",
		Commands: []string{"MIGRATE", "MOVE", "SELECT", "SWAPDB"},
		Note:     "COPY with the DB option"}
	Keyspace = &Group{Name: "whole keyspace",
		Reason:   "it acts on every key of the database, not only the run's keys",
		Commands: []string{"DBSIZE", "FLUSHALL", "FLUSHDB", "KEYS", "RANDOMKEY", "SCAN"}}
	Patterns = &Group{Name: "key patterns",
		Reason: "a BY or GET pattern with * reads keys named by the pattern, outside the run's namespace",
		Note:   "SORT and SORT_RO with BY or GET and a pattern containing *"}
	Monitoring = &Group{Name: "monitoring",
		Reason:   "it streams every command of every client of the server",
		Commands: []string{"MONITOR"}}
	PubSub = &Group{Name: "publishing",
		Reason:   "channels are not namespaced: a message reaches every subscriber of the server, and PUBSUB lists other clients' channels",
		Commands: []string{"PUBLISH", "PUBSUB", "SPUBLISH"}}
	ConnState = &Group{Name: "connection state",
		Reason:   "it changes the pooled connection's user, protocol or state for the steps that use it next",
		Commands: []string{"AUTH", "HELLO", "QUIT", "RESET"}}
	Unknown = &Group{Name: "unknown commands",
		Reason: "it is not in stressql's allowlist of Redis data commands, so stressql cannot tell what it touches (module commands included)"}
)

// Groups lists the dangerous groups in the order the docs list them.
var Groups = []*Group{Scripting, Admin, Replication, Clients, Database, Keyspace, Patterns, Monitoring,
	PubSub, ConnState, Unknown}

// Subscribing is what no command step may do, even with allow_dangerous:
// it turns the pooled connection into a subscriber that no longer
// answers one reply per command.
var Subscribing = []string{"PSUBSCRIBE", "PUNSUBSCRIBE", "SSUBSCRIBE", "SUBSCRIBE", "SUNSUBSCRIBE",
	"UNSUBSCRIBE"}

var groupOf = map[string]*Group{}

func init() {
	for _, g := range Groups {
		for _, c := range g.Commands {
			groupOf[c] = g
		}
	}
}

// GroupOf returns the dangerous group of a command name (any case) that
// is not in Table: Unknown for a name stressql does not know.
func GroupOf(name string) *Group {
	if g := groupOf[strings.ToUpper(name)]; g != nil {
		return g
	}
	return Unknown
}

// Refusal says why a command may not be sent.
type Refusal struct {
	// Index is the argument the refusal is about (0: the command name).
	Index int
	// Command names the command: "EVAL", "CLIENT KILL", "COPY".
	Command string
	// Group is why a dangerous command is refused; nil when the
	// refusal is not about danger (see Summary).
	Group *Group
	// Summary is a short Title Case phrase; Detail says why, in full
	// sentences, without the way out.
	Summary string
	Detail  string
}

// Liftable reports whether allow_dangerous = true lets the command
// through.
func (r *Refusal) Liftable() bool { return r.Group != nil }

// Error is the refusal as one sentence, with the way out when there is one.
func (r *Refusal) Error() string {
	if r.Liftable() {
		return r.Detail + " Set allow_dangerous = true in the scenario if it really needs it."
	}
	return r.Detail
}

func dangerous(i int, command string, g *Group) *Refusal {
	return &Refusal{Index: i, Command: command, Group: g, Summary: "Dangerous Redis command",
		Detail: fmt.Sprintf("%s is refused because %s.", command, g.Reason)}
}

func mustBeConstant(i int, command, what string) *Refusal {
	return &Refusal{Index: i, Command: command, Summary: "Argument must be constant",
		Detail: fmt.Sprintf("Argument %d of %s is %s: it decides what the command does or which arguments are keys, so it cannot depend on iteration or worker.", i+1, command, what)}
}

func malformed(i int, command, detail string) *Refusal {
	return &Refusal{Index: i, Command: command, Summary: "Cannot tell the keys of the command",
		Detail: fmt.Sprintf("%s: %s, so stressql cannot tell which arguments are keys to put them in the run's namespace.", command, detail)}
}

// ValidName reports whether a command name is a plain token: an ASCII
// letter, then letters, digits, '_', '-' or '.' (module commands such as
// JSON.SET). Anything else (spaces, control characters, an empty name, a
// number) is no command the server has.
func ValidName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// Check applies the policy to a command (args[0] is the name). It returns
// the allowed table entry, or nil and why not. A Liftable refusal is
// lifted by allow_dangerous = true; the others never are.
func Check(args []Arg) (*Command, *Refusal) {
	if len(args) == 0 {
		return nil, &Refusal{Summary: "Missing command name", Detail: "A command needs a name."}
	}
	first := args[0]
	if !first.Const {
		return nil, &Refusal{Summary: "Command name must be constant",
			Detail: "The command name cannot depend on iteration or worker."}
	}
	if first.Value == "" {
		return nil, &Refusal{Summary: "Missing command name", Detail: "The command name is empty."}
	}
	if !ValidName(first.Value) {
		return nil, &Refusal{Command: fmt.Sprintf("%q", first.Value), Summary: "Invalid command name",
			Detail: fmt.Sprintf("%q is not a Redis command name: a name is a plain word of letters, digits, '_', '-' and '.', starting with a letter, without spaces or control characters.", first.Value)}
	}
	name := strings.ToUpper(first.Value)
	for _, s := range Subscribing {
		if name == s {
			return nil, &Refusal{Command: name, Summary: "Unsupported Redis command",
				Detail: fmt.Sprintf("%s turns the pooled connection into a subscriber, which no longer answers one reply per command; a command step cannot use it, even with allow_dangerous.", name)}
		}
	}
	if IsContainer(name) {
		if len(args) < 2 {
			return nil, dangerous(0, name, GroupOf(name))
		}
		if !args[1].Const {
			return nil, mustBeConstant(1, name, "its subcommand")
		}
		c := Lookup(name, args[1].Value)
		if c == nil {
			return nil, dangerous(1, name+" "+strings.ToUpper(args[1].Value), GroupOf(name))
		}
		return finish(c, args)
	}
	c := Lookup(name, "")
	if c == nil {
		return nil, dangerous(0, name, GroupOf(name))
	}
	return finish(c, args)
}

// finish runs an entry's own checks: the ones allow_dangerous cannot lift
// (where the keys are) first.
// Find returns the table entry of a command (args[0] is the name),
// whatever its other arguments; nil when it is not in Table.
func Find(args []Arg) *Command {
	if len(args) == 0 || !args[0].Const {
		return nil
	}
	if IsContainer(args[0].Value) {
		if len(args) < 2 || !args[1].Const {
			return nil
		}
		return Lookup(args[0].Value, args[1].Value)
	}
	return Lookup(args[0].Value, "")
}

func finish(c *Command, args []Arg) (*Command, *Refusal) {
	if c.keys != nil {
		if _, r := c.keys(args); r != nil {
			return nil, r
		}
	}
	if c.check != nil {
		if r := c.check(args); r != nil {
			return nil, r
		}
	}
	return c, nil
}
