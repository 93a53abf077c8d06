package emulator

import (
	"maps"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// Stats is what the emulator has seen, for tests to assert how many calls
// and retries a client made.
type Stats struct {
	Requests    int64 // requests that reached the handler
	Connections int64 // TCP connections opened (only when ConnState is wired to the http.Server)
	// Outcomes counts answers by kind: "OK", an error Code such as
	// "Throttling.User", or an injected fault such as "fault:drop".
	Outcomes map[string]int64
	// CarriedOut counts the calls the account carried out, by action,
	// whatever answer the client then got (a fault may have lost it): how
	// many jobs were created, certificates uploaded, and so on.
	CarriedOut map[string]int64
}

type counters struct {
	connections atomic.Int64
	mu          sync.Mutex
	outcomes    map[string]int64
	carriedOut  map[string]int64
}

func (c *counters) recordCarriedOut(action string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.carriedOut == nil {
		c.carriedOut = map[string]int64{}
	}
	c.carriedOut[action]++
}

func (c *counters) record(code string) {
	if code == "" {
		code = "OK"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.outcomes == nil {
		c.outcomes = map[string]int64{}
	}
	c.outcomes[code]++
}

// Stats returns a snapshot of the counters.
func (s *Server) Stats() Stats {
	s.counters.mu.Lock()
	defer s.counters.mu.Unlock()
	outcomes := maps.Clone(s.counters.outcomes)
	if outcomes == nil {
		outcomes = map[string]int64{}
	}
	carriedOut := maps.Clone(s.counters.carriedOut)
	if carriedOut == nil {
		carriedOut = map[string]int64{}
	}
	return Stats{Requests: s.requests.Load(), Connections: s.counters.connections.Load(), Outcomes: outcomes, CarriedOut: carriedOut}
}

// ConnState counts connections; set it as the http.Server's ConnState.
func (s *Server) ConnState(_ net.Conn, state http.ConnState) {
	if state == http.StateNew {
		s.counters.connections.Add(1)
	}
}
