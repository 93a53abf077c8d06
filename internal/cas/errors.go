package cas

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
)

// APIError is an error answer from the service, with everything a user needs
// to report or fix it.
type APIError struct {
	Action     string
	StatusCode int
	Code       string
	Message    string
	RequestID  string
	Recommend  string
	// CredentialSource is where the call's credentials came from (Config.CredentialSource).
	CredentialSource CredentialSource
	// RetryAfter is how long the gateway asked to wait before calling again
	// (TimeLeft of its x-ratelimit-user(-api) headers); zero when it did not say.
	RetryAfter time.Duration
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed: HTTP %d, Code %s", e.Action, e.StatusCode, orNone(e.Code))
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (RequestId %s)", e.RequestID)
	}
	return b.String()
}

func orNone(code string) string {
	if code == "" {
		return "(none)"
	}
	return code
}

// ResponseError is an answer that could not be understood: a body that is not
// the JSON the operation documents, or an HTTP error without an API error body.
type ResponseError struct {
	Action     string
	StatusCode int
	RequestID  string
	Reason     string
}

func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("%s: unexpected response (HTTP %d): %s", e.Action, e.StatusCode, e.Reason)
	if e.RequestID != "" {
		msg += fmt.Sprintf(" (RequestId %s)", e.RequestID)
	}
	return msg
}

// sdkError is what darabonba-openapi's three error types have in common.
type sdkError interface {
	GetStatusCode() *int
	GetCode() *string
	GetRequestId() *string
	GetData() map[string]interface{}
	GetRetryAfter() *int64
}

// apiErrorFrom turns darabonba-openapi's error types into an *APIError,
// keeping the service's own Message (the SDK rewrites it with a prefix).
func apiErrorFrom(action string, err error) error {
	var (
		throttling *openapi.ThrottlingError
		client     *openapi.ClientError
		server     *openapi.ServerError
		e          sdkError
	)
	switch {
	case errors.As(err, &throttling):
		e = throttling
	case errors.As(err, &client):
		e = client
	case errors.As(err, &server):
		e = server
	default:
		return err
	}
	data := e.GetData()
	return &APIError{
		Action:     action,
		StatusCode: dara.IntValue(e.GetStatusCode()),
		Code:       sdkString(e.GetCode()),
		Message:    stringField(data, "Message", "message"),
		RequestID:  sdkString(e.GetRequestId()),
		Recommend:  stringField(data, "Recommend", "recommend"),
		RetryAfter: millis(dara.Int64Value(e.GetRetryAfter())),
	}
}

// millis reads a TimeLeft header value, clamped so no header can overflow a
// Duration or ask for a negative wait.
func millis(ms int64) time.Duration {
	const most = int64(24 * time.Hour / time.Millisecond)
	return time.Duration(min(max(ms, 0), most)) * time.Millisecond
}

// sdkString undoes the SDK's fmt.Sprint of a field the body did not have.
func sdkString(s *string) string {
	if v := dara.StringValue(s); v != "<nil>" {
		return v
	}
	return ""
}

func stringField(m map[string]interface{}, keys ...string) string {
	for _, k := range keys {
		if v, ok := m[k].(string); ok {
			return v
		}
	}
	return ""
}

// CredentialSource says where a Client's credentials come from, so that an
// authentication failure can name what to fix. It never holds a secret.
type CredentialSource struct {
	// Description names the source, e.g. `profile "dev" (mode AK) in
	// /home/me/.aliyun/config.json`.
	Description string
	// Where the user set each part of the credential, e.g. "secret_key" or
	// "ALICLOUD_SECRET_KEY"; empty for a part a service issues.
	AccessKeyID, AccessKeySecret, SecurityToken string
}

// TimeoutError is an attempt that got no complete answer in time.
type TimeoutError struct {
	Action string
	After  time.Duration
	// Connecting: no connection was made in time (Config.ConnectTimeout);
	// otherwise the answer was late (Config.ReadTimeout).
	Connecting     bool
	Endpoint       Endpoint
	EndpointSource string // Config.EndpointSource
	Err            error
}

func (e *TimeoutError) Error() string {
	if e.Connecting {
		return fmt.Sprintf("%s: no connection to %s within %s: %v", e.Action, e.Endpoint, e.After, e.Err)
	}
	return fmt.Sprintf("%s: no complete answer within %s: %v", e.Action, e.After, e.Err)
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// NetworkError is an attempt that got no answer: nothing answered at the
// endpoint, or the connection failed before the whole answer came.
type NetworkError struct {
	Action         string
	Endpoint       Endpoint
	EndpointSource string // Config.EndpointSource
	Err            error
}

func (e *NetworkError) Error() string {
	switch {
	case Classify(e.Err).Kind == KindUnreachable:
		return fmt.Sprintf("%s: nothing answered at %s: %v", e.Action, e.Endpoint, e.Err)
	case errors.Is(e.Err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("%s: the connection closed before the whole answer arrived: %v", e.Action, e.Err)
	case errors.Is(e.Err, io.EOF):
		return fmt.Sprintf("%s: the connection closed without an answer: %v", e.Action, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Action, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// OutcomeUnknownError is a write that may or may not have been carried out:
// its request went, and no answer says what became of it (a timeout, a
// connection cut before the answer, a 5xx). It is not retried, since a
// repeat could do it twice: look (describe, list) before trying again.
type OutcomeUnknownError struct {
	Action   string
	Attempts int   // requests sent, this one included
	Err      error // what ended the last one
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s may or may not have been carried out (no answer says): %v", e.Action, e.Err)
}

func (e *OutcomeUnknownError) Unwrap() error { return e.Err }
