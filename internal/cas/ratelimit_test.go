package cas

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// arrivals records when (on the test's clock) each request reached the emulator.
type arrivals struct {
	mu    sync.Mutex
	times []time.Time
}

func (a *arrivals) all() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.times...)
}

// clockedEmulator serves the default fixture with faults, on clk's time, and
// returns a client for it that waits by clk.
func clockedEmulator(t *testing.T, clk *clocktest.Clock, edit func(*Config), faults ...emulator.Fault) (*Client, *emulator.Server, *arrivals) {
	t.Helper()
	srv, err := emulator.New(emulator.Options{Faults: faults, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	seen := &arrivals{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.mu.Lock()
		seen.times = append(seen.times, clk.Now())
		seen.mu.Unlock()
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	client, _ := testClient(t, ts.URL, func(c *Config) {
		c.Clock, c.MaxRetries = clk, DefaultMaxRetries
		if edit != nil {
			edit(c)
		}
	})
	return client, srv, seen
}

// 50 reads, ten at a time, against a ceiling of 10 per second: all succeed,
// and fewer than half of all calls are throttled, because the first
// throttling slows every caller at once.
func TestAdaptiveRate_ceilingOfTen(t *testing.T) {
	clk := clocktest.New()
	client, srv, _ := clockedEmulator(t, clk, nil, emulator.Fault{QPS: 10})
	const workers, each = 10, 5
	var failed sync.Map
	for w := range workers {
		clk.Go(func() {
			for range each {
				if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
					failed.Store(w, err)
				}
			}
		})
	}
	clk.Wait()
	failed.Range(func(w, err any) bool { t.Errorf("worker %d: %v", w, err); return true })
	st := srv.Stats()
	throttled := st.Outcomes["Throttling.User"]
	if st.Outcomes["OK"] != workers*each || throttled*2 >= st.Requests {
		t.Fatalf("outcomes %v over %d calls: want %d OK and fewer than half throttled", st.Outcomes, st.Requests, workers*each)
	}
	t.Logf("%d calls, %d throttled, %s on the clock", st.Requests, throttled, clk.Elapsed())
}

// One caller, one read after another, against a ceiling of 10 per second:
// the eleventh is throttled; the pace then drops below 10 and climbs back
// along the cubic, so a throttle comes only every few seconds.
func TestAdaptiveRate_oneCallerAgainstACeiling(t *testing.T) {
	clk := clocktest.New()
	start := clk.Now()
	client, srv, seen := clockedEmulator(t, clk, nil, emulator.Fault{QPS: 10})
	for range 50 {
		if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
			t.Fatal(err)
		}
	}
	st := srv.Stats()
	times := seen.all()
	perSecond := map[int]int{}
	for _, at := range times {
		perSecond[int(at.Sub(start)/time.Second)]++
	}
	t.Logf("outcomes %v; requests per second %v", st.Outcomes, perSecond)
	if st.Outcomes["OK"] != 50 || st.Outcomes["Throttling.User"] != 3 {
		t.Fatalf("outcomes %v, want 50 OK and 3 throttled", st.Outcomes)
	}
	// Nothing goes in the second after the first throttle's before it ends
	// (the gateway's TimeLeft), and then none faster than 10 a second.
	if perSecond[0] != 11 {
		t.Errorf("%d requests in the first second, want 10 OK and the throttled eleventh", perSecond[0])
	}
}

// Without throttling nothing waits: 100 reads at once take no time at all
// on the test's clock.
func TestAdaptiveRate_freeUntilThrottled(t *testing.T) {
	clk := clocktest.New()
	client, srv, _ := clockedEmulator(t, clk, nil)
	for range 100 {
		clk.Go(func() {
			if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
				t.Error(err)
			}
		})
	}
	clk.Wait()
	if st := srv.Stats(); st.Requests != 100 || clk.Elapsed() != 0 {
		t.Fatalf("%d requests, clock moved %s; want 100 and no wait", st.Requests, clk.Elapsed())
	}
}

// The gateway's TimeLeft holds every caller of the client, not only the
// one it answered.
func TestAdaptiveRate_timeLeftHoldsEveryCaller(t *testing.T) {
	clk := clocktest.New()
	start := clk.Now()
	const timeLeft = 300 * time.Millisecond
	client, srv, seen := clockedEmulator(t, clk, nil,
		emulator.Fault{Times: 1, Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(timeLeft)}})
	throttled := make(chan struct{})
	log := &recorder{onWarn: func() { close(throttled) }}
	client.logger = log
	clk.Go(func() {
		if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
			t.Error(err)
		}
	})
	clk.Go(func() {
		<-throttled // the first caller's answer has come back
		if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
			t.Error(err)
		}
	})
	clk.Wait()
	times := seen.all()
	if st := srv.Stats(); st.Requests != 3 || len(times) != 3 {
		t.Fatalf("%d requests, want the throttled one and two more", st.Requests)
	}
	for _, at := range times[1:] {
		if at.Sub(start) < timeLeft {
			t.Errorf("a request went at %s, inside the %s the gateway asked for", at.Sub(start), timeLeft)
		}
	}
}

// After a throttle the pace climbs back gradually: each gap between
// requests is no longer than the one before, and within ten seconds the
// client is sending as fast as the service answers.
func TestAdaptiveRate_speedsUpAgain(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, nil, emulator.Fault{Times: 1, Fail: &emulator.Failure{Code: "Throttling.User"}})
	for clk.Elapsed() < 12*time.Second {
		if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
			t.Fatal(err)
		}
	}
	times := seen.all()
	var gaps []time.Duration
	for i := 2; i < len(times); i++ { // from the retry of the throttled first request on
		gaps = append(gaps, times[i].Sub(times[i-1]))
	}
	for i := 1; i < len(gaps); i++ {
		if gaps[i] > gaps[i-1] {
			t.Fatalf("gap %d (%s) is longer than the one before (%s): the pace fell without a throttle", i, gaps[i], gaps[i-1])
		}
	}
	if last := gaps[len(gaps)-1]; last > 10*time.Millisecond || gaps[0] < time.Second {
		t.Fatalf("gaps from %s to %s: want a slow start (a second or more) and under 10ms within 12s", gaps[0], last)
	}
}

// A fixed rate holds from the first request, and a turn that would come
// after the caller's deadline is not waited for.
func TestAdaptiveRate_fixedRateAndDeadline(t *testing.T) {
	clk := clocktest.New()
	client, srv, seen := clockedEmulator(t, clk, func(c *Config) { c.RequestsPerSecond = 4 })
	for range 9 {
		if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
			t.Fatal(err)
		}
	}
	times := seen.all()
	if got := times[8].Sub(times[0]); got != 2*time.Second {
		t.Fatalf("9 requests at 4 a second took %s, want 2s", got)
	}
	ctx, cancel := clk.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := client.ListDeploymentJobCert(ctx, 8888)
	var retryErr *RetryError
	if !errors.As(err, &retryErr) || retryErr.Attempts != 0 || !errors.Is(err, context.DeadlineExceeded) || srv.Stats().Requests != 9 {
		t.Fatalf("err = %v after %d requests; want no attempt, deadline reached", err, srv.Stats().Requests)
	}
}

// A fixed rate is not cut by throttling; the gateway's TimeLeft still holds.
func TestAdaptiveRate_fixedRateIsKept(t *testing.T) {
	clk := clocktest.New()
	client, _, seen := clockedEmulator(t, clk, func(c *Config) { c.RequestsPerSecond = 4 },
		emulator.Fault{Times: 1, Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(600 * time.Millisecond)}})
	for range 5 {
		if _, err := client.ListDeploymentJobCert(context.Background(), 8888); err != nil {
			t.Fatal(err)
		}
	}
	times := seen.all()
	want := []time.Duration{0, 600 * time.Millisecond, 850 * time.Millisecond, 1100 * time.Millisecond, 1350 * time.Millisecond, 1600 * time.Millisecond}
	if len(times) != len(want) {
		t.Fatalf("%d requests, want %d", len(times), len(want))
	}
	for i, at := range times {
		if got := at.Sub(times[0]); got != want[i] {
			t.Errorf("request %d went at %s, want %s", i, got, want[i])
		}
	}
}
