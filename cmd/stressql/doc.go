// Command stressql runs declarative HCL stress-test scenarios against real
// PostgreSQL and Redis connection pools, and checks how the pools behave.
//
// This package is only the command line: subcommands, flags, exit codes
// and the rendering of diagnostics. Loading lives in dsl, compiling and
// running in compiler, formatting in dsl/format and planfmt, so that
// each can be tested without a process.
//
//	stressql run PATH...       run scenarios, report, exit 0/1
//	stressql validate PATH...  static check, no server needed
//	stressql fmt PATH...       canonical formatting
//	stressql plan PATH...      the compiled plan, human readable
//	stressql list PATH...      names, drivers, tags, expected durations
//	stressql clean             remove what killed runs left on the servers
//	stressql version
//
// Exit codes: 0 success, 1 a check failed or a scenario errored (or fmt
// -check found files to format), 2 invalid configuration or usage, 130
// interrupted.
package main
