package cas

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"syscall"
	"time"

	"golang.org/x/time/rate"
)

// Retrying: which failures get another attempt, how long to wait before it,
// and when to give up. Every call goes through Client.retry.

const (
	// DefaultMaxRetries is how many times a failed call is retried unless
	// Config says otherwise: enough to ride out a minute of trouble.
	DefaultMaxRetries = 10
	// DefaultRequestsPerSecond is CAS's documented limit for its operations:
	// 10 calls per second per account.
	DefaultRequestsPerSecond = 10

	// The first retry waits up to retryBaseDelay, each later one up to
	// twice as long as the one before, never more than retryMaxDelay.
	retryBaseDelay = 250 * time.Millisecond
	retryMaxDelay  = 20 * time.Second
)

// ErrRetriesExhausted is why a RetryError stopped when every allowed attempt failed.
var ErrRetriesExhausted = errors.New("every allowed retry failed")

// RetryError is a call that failed after more than one attempt, or whose
// retrying was cut short (deadline, cancellation, retry limit).
type RetryError struct {
	Action   string
	Attempts int           // requests sent
	Elapsed  time.Duration // from the start of the call (rate-limit wait included) to giving up
	// Reason is why retrying stopped: ErrRetriesExhausted,
	// context.DeadlineExceeded, context.Canceled, or nil when the last
	// error is not worth retrying.
	Reason error
	Last   error // the last attempt's error; nil when no attempt had failed yet
}

func (e *RetryError) Error() string {
	var b strings.Builder
	if e.Last != nil {
		fmt.Fprintf(&b, "%v; gave up", e.Last)
	} else {
		fmt.Fprintf(&b, "%s: gave up", e.Action)
	}
	fmt.Fprintf(&b, " after %s", e.Tries())
	switch {
	case errors.Is(e.Reason, ErrRetriesExhausted):
		b.WriteString(" (retry limit reached)")
	case errors.Is(e.Reason, context.DeadlineExceeded):
		b.WriteString(" (deadline reached)")
	case errors.Is(e.Reason, context.Canceled):
		b.WriteString(" (cancelled)")
	}
	return b.String()
}

// Tries says how many attempts were made over how long: "3 attempts over 1.2s".
func (e *RetryError) Tries() string {
	word := "attempts"
	if e.Attempts == 1 {
		word = "attempt"
	}
	return fmt.Sprintf("%d %s over %s", e.Attempts, word, e.Elapsed.Round(time.Millisecond))
}

func (e *RetryError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Reason, e.Last} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// TimeoutError is an attempt that got no complete answer in time.
type TimeoutError struct {
	Action string
	After  time.Duration
	Err    error
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s: no complete answer within %s: %v", e.Action, e.After, e.Err)
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// Codes that are never retried, whatever the HTTP status: the same request
// would be refused again (authentication, signature, permission, parameters).
var permanentCodePrefixes = []string{
	"InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature", "InvalidTimeStamp", "SignatureNonceUsed",
	"InvalidSecurityToken", "MissingSecurityToken", "Forbidden", "NoPermission", "Unauthorized", "InvalidParameter",
	"Missing", "InvalidAction", "InvalidVersion",
}

// Codes that are retried: throttling and the service's transient trouble.
var retryableCodePrefixes = []string{"Throttling", "Rejected.Throttling", "ServiceUnavailable", "InternalError"}

// retryable reports whether another attempt could succeed where err failed.
func retryable(err error) bool {
	var (
		apiErr     *APIError
		respErr    *ResponseError
		timeoutErr *TimeoutError
		netErr     net.Error
		dnsErr     *net.DNSError
	)
	switch {
	case errors.As(err, &apiErr):
		switch {
		case hasPrefix(apiErr.Code, permanentCodePrefixes):
			return false
		case hasPrefix(apiErr.Code, retryableCodePrefixes):
			return true
		}
		return retryableStatus(apiErr.StatusCode)
	case errors.As(err, &respErr):
		return retryableStatus(respErr.StatusCode)
	case errors.As(err, &timeoutErr):
		return true
	case errors.As(err, &dnsErr):
		return dnsErr.IsTimeout || dnsErr.IsTemporary
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return true // nothing answered, or the answer was cut off
	case errors.As(err, &netErr):
		return netErr.Timeout()
	}
	return false
}

func retryableStatus(status int) bool { return status >= 500 || status == 429 }

func hasPrefix(code string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// retryDelay is the wait before retry number n (1 for the first retry):
// "full jitter" (a uniformly random wait up to an exponentially growing
// cap), so that callers throttled together do not come back together, added
// to what the server asked for, which is always honoured. The caller's
// deadline, not a cap here, decides whether the wait is worth starting.
func retryDelay(n int, serverAsked time.Duration) time.Duration {
	window := retryMaxDelay
	if n <= 16 {
		window = min(retryBaseDelay<<(n-1), retryMaxDelay)
	}
	return serverAsked + rand.N(window+1) //nolint:gosec // jitter spreads retries; it guards no secret
}

// retry runs attempt until it succeeds, fails for good, or may not be tried
// again. Before each attempt it waits for the client's rate limiter.
func (c *Client) retry(ctx context.Context, action string, attempt func(context.Context) error) error {
	start := time.Now()
	stop := func(attempts int, reason, last error) error {
		return &RetryError{Action: action, Attempts: attempts, Elapsed: time.Since(start), Reason: reason, Last: last}
	}
	var last error
	for n := 1; ; n++ {
		if err := c.waitTurn(ctx); err != nil {
			return stop(n-1, err, last)
		}
		err := attempt(ctx)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return stop(n, ctx.Err(), last)
		case !retryable(err):
			if n == 1 {
				return err
			}
			return stop(n, nil, err)
		case n > c.maxRetries:
			return stop(n, ErrRetriesExhausted, err)
		}
		last = err

		var serverAsked time.Duration
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			serverAsked = apiErr.RetryAfter
		}
		delay := retryDelay(n, serverAsked)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
			// Waiting would only end in a timeout: say so now.
			return stop(n, context.DeadlineExceeded, err)
		}
		code, requestID := failureCode(err)
		c.logger.Warn(ctx, "CAS API call failed; retrying", map[string]any{
			"action": action, "attempt": n, "max_attempts": c.maxRetries + 1, "code": code,
			"request_id": requestID, "delay_ms": delay.Milliseconds(), "server_asked_ms": serverAsked.Milliseconds(),
			"error": err.Error(),
		})
		if err := sleep(ctx, delay); err != nil {
			return stop(n, err, last)
		}
	}
}

// waitTurn waits until the rate limiter lets one more request go.
func (c *Client) waitTurn(ctx context.Context) error {
	if c.limiter == nil {
		return ctx.Err()
	}
	r := c.limiter.Reserve()
	delay := r.Delay()
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < delay {
		r.Cancel()
		return context.DeadlineExceeded
	}
	if err := sleep(ctx, delay); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

func newLimiter(perSecond float64) *rate.Limiter {
	if perSecond <= 0 {
		return nil
	}
	// A burst of one spaces requests evenly, as a per-second quota wants.
	return rate.NewLimiter(rate.Limit(perSecond), 1)
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// failureCode names a failure for the retry log: the API's Code, else the
// HTTP status, else the kind of network trouble.
func failureCode(err error) (code, requestID string) {
	var (
		apiErr     *APIError
		respErr    *ResponseError
		timeoutErr *TimeoutError
	)
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Code, apiErr.RequestID
	case errors.As(err, &respErr):
		return fmt.Sprintf("HTTP %d", respErr.StatusCode), respErr.RequestID
	case errors.As(err, &timeoutErr):
		return "timeout", ""
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused", ""
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection dropped", ""
	}
	return "network error", ""
}
