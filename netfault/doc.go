// Package netfault is the network fault layer: an in-process TCP proxy on
// 127.0.0.1 that the drivers dial (drivers.Env.DialAddr) instead of the real
// server when a scenario declares network faults. Faults are injected where
// they happen in real life, on the bytes and connections between client and
// server, so the client library under test sees real timeouts, resets and
// refusals rather than mocked errors. Toxiproxy's toxics are the semantic
// reference.
//
// Faults, all changeable at any time while connections are open:
//
//   - Latency (SetLatency): every chunk of bytes read from one side is
//     delivered to the other side delay ± jitter after it was read, in order,
//     without serializing the stream. The delay is added to each direction
//     chosen: 40 ms on Both makes a request/response round trip (such as
//     SELECT 1 or PING) take about 80 ms longer; 40 ms on Upstream or
//     Downstream alone adds about 40 ms.
//   - Bandwidth (SetBandwidth): a cap in KB/s (1 KB = 1000 bytes, as in
//     Toxiproxy) per direction chosen.
//   - Reset (SetReset): a share of NEW connections is reset (a real RST,
//     SO_LINGER 0) right after accept, before any byte is forwarded.
//   - Reset on requests (SetResetRequests): a share of the requests on open
//     connections is not forwarded; the connection is reset (RST both ways)
//     instead, so the client sees "connection reset by peer" on an
//     established connection. A request is a turn: the client's bytes until
//     the server answers. The first few requests of each connection (its
//     login) can be spared. Unlike the other faults Toxiproxy has no exact
//     twin: its reset_peer resets a share of connections (toxicity), this
//     draws per request.
//   - Stall (SetStall, Toxiproxy's "timeout" with no timeout): connections stay
//     open but no data flows either way; buffered data flows again when the
//     stall ends.
//   - Outage (StartOutage/EndOutage): the listener is closed so new connects
//     get ECONNREFUSED, and every open connection is cut with an RST. The
//     proxy listens again on the same address when the outage ends.
//
// New settings apply to bytes read after the change; a setter that moves
// connections to the slow path returns once they are on it, so bytes sent
// after it returns are delayed, capped or held. With no fault set, a
// connection is forwarded with plain io.Copy between the two TCP sockets
// (splice(2) on Linux) and costs next to nothing; it moves to the buffered
// slow path only while a latency, bandwidth, stall or per-request reset fault concerns it, and
// back to the fast path when the fault is removed.
//
// When the real server is down the proxy still accepts (it is listening), then
// resets the client because it cannot reach the target: the client sees
// ECONNRESET where a direct connect would see ECONNREFUSED.
package netfault
