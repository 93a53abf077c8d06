package cas

import (
	"context"
	"math"
	"sync"
	"time"
)

// The rate limiter every caller of one Client shares. It sends freely until
// the service throttles; then it paces all requests together, starting a
// little below the rate the service had just been accepting, and speeds up
// again along a cubic curve (flat near that rate, steep beyond it), as TCP
// CUBIC and the AWS SDKs' adaptive retry mode do. The gateway's TimeLeft
// (APIError.RetryAfter) holds every caller until its quota refills.
//
// A fixed rate (Config.RequestsPerSecond) replaces the adaptive pace: the
// caller chose it, and a service that throttles at random rather than at a
// rate (a fault test throttling every first call) would otherwise drive the
// pace down to minRate. The gateway's TimeLeft is honoured all the same.
const (
	// backOff is the share of the accepted rate the pace drops to when
	// throttled.
	backOff = 0.7
	// growth scales the cubic: from a ceiling of 10 per second, the pace is
	// back at 10 after about 2 s and doubles it about 3 s later.
	growth = 0.4
	// minRate is the slowest pace: a request every 2 s.
	minRate = 0.5
	// window is how far back the accepted rate is counted: the gateway's
	// quotas are per second.
	window = time.Second
)

type limiter struct {
	clock Clock
	fixed float64 // requests per second, chosen by the caller; 0: adaptive

	mu         sync.Mutex
	next       time.Time   // when the next request may go, while paced
	pauseUntil time.Time   // the gateway's TimeLeft
	accepted   []time.Time // when requests were answered without throttling, within window
	cut        time.Time   // when the pace was last cut; zero: never throttled
	peak       float64     // the accepted rate at that cut, per second
}

func newLimiter(clock Clock, fixed float64) *limiter {
	return &limiter{clock: clock, fixed: max(fixed, 0)}
}

// rate is the pace at t, per second; 0 means unpaced.
func (l *limiter) rate(t time.Time) float64 {
	switch {
	case l.fixed > 0:
		return l.fixed
	case l.cut.IsZero():
		return 0
	}
	// Cubic growth back through peak: k is when it gets there.
	k := math.Cbrt(l.peak * (1 - backOff) / growth)
	dt := t.Sub(l.cut).Seconds() - k
	return max(l.peak+growth*dt*dt*dt, minRate)
}

// wait waits for this request's turn and returns when it went. A turn that
// would come after ctx's deadline is not waited for.
func (l *limiter) wait(ctx context.Context) (time.Time, error) {
	l.mu.Lock()
	now := l.clock.Now()
	at := now
	if l.pauseUntil.After(at) {
		at = l.pauseUntil
	}
	r := l.rate(at)
	if r > 0 && l.next.After(at) {
		at = l.next
	}
	if deadline, ok := ctx.Deadline(); ok && deadline.Before(at) {
		l.mu.Unlock()
		return time.Time{}, context.DeadlineExceeded
	}
	if r > 0 {
		l.next = at.Add(time.Duration(float64(time.Second) / r))
	}
	l.mu.Unlock()
	if err := l.clock.Sleep(ctx, at.Sub(now)); err != nil {
		return time.Time{}, err
	}
	return at, nil
}

// answered records a request the service answered without throttling.
func (l *limiter) answered() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	l.accepted = append(l.prune(now), now)
}

// throttled records a throttled request: everyone waits out retryAfter, and
// the pace is cut unless the request went before the last cut (it then
// tells nothing the cut did not already answer). Turns already given keep
// their place.
func (l *limiter) throttled(sentAt time.Time, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	if until := now.Add(retryAfter); until.After(l.pauseUntil) {
		l.pauseUntil = until
	}
	if l.fixed > 0 || !l.cut.IsZero() && !sentAt.After(l.cut) {
		return
	}
	l.accepted = l.prune(now)
	l.peak = max(float64(len(l.accepted))/window.Seconds(), minRate/backOff)
	l.cut = now
	if l.next.Before(now) {
		l.next = now
	}
}

// prune drops answers older than window before now.
func (l *limiter) prune(now time.Time) []time.Time {
	from := now.Add(-window)
	i := 0
	for i < len(l.accepted) && !l.accepted[i].After(from) {
		i++
	}
	return append(l.accepted[:0], l.accepted[i:]...)
}
