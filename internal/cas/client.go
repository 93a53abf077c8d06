// Package cas is a small typed client for Alibaba Cloud's Certificate
// Management Service (API version 2020-04-07). It signs calls through
// darabonba-openapi (ACS3-HMAC-SHA256) and decodes answers into its own types.
// It knows nothing of Terraform.
package cas

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials"
	"golang.org/x/time/rate"
)

// APIVersion is the CAS API version every call names.
const APIVersion = "2020-04-07"

// Default timeouts, the same as the official alicloud provider's.
const (
	DefaultConnectTimeout = 60 * time.Second
	DefaultReadTimeout    = 60 * time.Second
)

// Logger receives one Debug line per HTTP exchange and one Warn line per
// retry. Fields never hold secrets.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}

// Config is what a Client needs. Credential is asked for keys on every call,
// so refreshing credentials (STS, assumed roles) stay current.
type Config struct {
	Endpoint       Endpoint
	Credential     credentials.Credential
	UserAgent      string // appended to the SDK's own User-Agent
	ConnectTimeout time.Duration
	ReadTimeout    time.Duration
	Logger         Logger // optional
	// CredentialSource says where Credential comes from, e.g. "profile
	// \"dev\" in ~/.aliyun/config.json"; APIErrors carry it so that an
	// authentication failure can name what to fix.
	CredentialSource string
	// MaxRetries is how many times a failed call is tried again (see
	// retry.go for which failures); 0 tries each call once.
	MaxRetries int
	// RequestsPerSecond caps how fast this client sends requests, retries
	// included, across all its callers; 0 means no cap.
	RequestsPerSecond float64
	// CertRegion is the region of the site's certificates (CertRegion);
	// empty means the China site's.
	CertRegion string
}

// Client calls CAS. It is safe for concurrent use and reuses connections.
type Client struct {
	// The SDK's client is not safe for concurrent calls (every RPC call
	// resets one of its fields, in GetRpcHeaders), so each call takes one of
	// its own from apis. They all send through one httpDoer, so connections
	// are still shared.
	sdkConfig        openapi.Config
	apis             sync.Pool
	endpoint         Endpoint
	credentialSource string
	logger           Logger
	limiter          *rate.Limiter // nil: no cap
	maxRetries       int
	attemptTimeout   time.Duration // one request, connect to last body byte
	readTimeout      time.Duration
	certRegion       string
}

// New builds a Client. It makes no network call.
func New(cfg Config) (*Client, error) {
	if cfg.Credential == nil {
		return nil, errors.New("cas: no credential configured")
	}
	if cfg.Endpoint.Host == "" {
		return nil, errors.New("cas: no endpoint configured")
	}
	connect, read := cfg.ConnectTimeout, cfg.ReadTimeout
	if connect <= 0 {
		connect = DefaultConnectTimeout
	}
	if read <= 0 {
		read = DefaultReadTimeout
	}
	sdkConfig := openapi.Config{
		Credential:     cfg.Credential,
		Endpoint:       dara.String(cfg.Endpoint.Host),
		Protocol:       dara.String(cfg.Endpoint.Scheme),
		UserAgent:      dara.String(cfg.UserAgent),
		ConnectTimeout: dara.Int(int(connect.Milliseconds())),
		ReadTimeout:    dara.Int(int(read.Milliseconds())),
		HttpClient:     newHTTPDoer(connect, read, cfg.Logger),
	}
	api, err := newSDKClient(sdkConfig)
	if err != nil {
		return nil, err
	}
	logger := cfg.Logger
	if logger == nil {
		logger = nopLogger{}
	}
	c := &Client{
		sdkConfig:        sdkConfig,
		endpoint:         cfg.Endpoint,
		credentialSource: cfg.CredentialSource,
		logger:           logger,
		limiter:          newLimiter(cfg.RequestsPerSecond),
		maxRetries:       max(cfg.MaxRetries, 0),
		attemptTimeout:   connect + read,
		readTimeout:      read,
		certRegion:       cfg.CertRegion,
	}
	c.apis.Put(api)
	return c, nil
}

func newSDKClient(cfg openapi.Config) (*openapi.Client, error) {
	api, err := openapi.NewClient(&cfg)
	if err != nil {
		return nil, fmt.Errorf("cas: %w", err)
	}
	// Keep the SDK's typed errors (ClientError, ServerError, ThrottlingError)
	// instead of its generic wrapper, so apiErrorFrom can read them.
	api.DisableSDKError = dara.Bool(true)
	return api, nil
}

// Endpoint is where this client sends calls.
func (c *Client) Endpoint() Endpoint { return c.endpoint }

// call is the one place a request is built, signed and sent, retried as
// retry.go decides. It decodes a successful answer into out and returns the
// raw answer for list decoding.
func (c *Client) call(ctx context.Context, action string, query map[string]string, out responseBody) (rawResponse, error) {
	var raw rawResponse
	err := c.retry(ctx, action, func(ctx context.Context) error {
		var err error
		raw, err = c.send(ctx, action, query, out)
		return err
	})
	return raw, err
}

// send makes one attempt, bounded by the connect and read timeouts.
func (c *Client) send(ctx context.Context, action string, query map[string]string, out responseBody) (rawResponse, error) {
	attemptCtx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()
	attemptCtx, sink := withBodySink(attemptCtx)
	params := &openapi.Params{
		Action:      dara.String(action),
		Version:     dara.String(APIVersion),
		Protocol:    dara.String(c.endpoint.Scheme),
		Pathname:    dara.String("/"),
		Method:      dara.String("POST"),
		AuthType:    dara.String("AK"),
		Style:       dara.String("RPC"),
		ReqBodyType: dara.String("formData"),
		// "string" hands back the body untouched, so decoding (int64
		// exactness, tolerant types, clear errors) is ours, not the SDK's.
		BodyType: dara.String("string"),
	}
	q := make(map[string]*string, len(query))
	for k, v := range query {
		q[k] = dara.String(v)
	}
	api, ok := c.apis.Get().(*openapi.Client)
	if !ok {
		var err error
		if api, err = newSDKClient(c.sdkConfig); err != nil {
			return rawResponse{}, err
		}
	}
	res, err := api.CallApiWithCtx(attemptCtx, params, &openapi.OpenApiRequest{Query: q}, &dara.RuntimeOptions{})
	c.apis.Put(api)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return rawResponse{}, fmt.Errorf("%s: %w", action, ctxErr)
		}
		if attemptCtx.Err() != nil {
			return rawResponse{}, &TimeoutError{Action: action, After: c.attemptTimeout, Err: err}
		}
		if isTimeout(err) {
			return rawResponse{}, &TimeoutError{Action: action, After: c.readTimeout, Err: err}
		}
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF):
			return rawResponse{}, fmt.Errorf("%s: the connection closed before the whole answer arrived: %w", action, err)
		case errors.Is(err, io.EOF):
			return rawResponse{}, fmt.Errorf("%s: the connection closed without an answer: %w", action, err)
		}
		err = withAction(action, apiErrorFrom(action, err))
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			apiErr.CredentialSource = c.credentialSource
		}
		return rawResponse{}, err
	}
	raw := rawResponse{status: statusOf(res["statusCode"]), body: sink.body}
	if body, ok := res["body"].(string); ok && !sink.captured {
		raw.body = []byte(body)
	}
	if headers, ok := res["headers"].(map[string]interface{}); ok {
		raw.requestID, _ = headers["x-acs-request-id"].(string)
	}
	return raw, decode(action, raw, out)
}

// withAction names the action in errors that do not already carry it.
func withAction(action string, err error) error {
	var respErr *ResponseError
	if errors.As(err, &respErr) {
		if respErr.Action == "" {
			respErr.Action = action
		}
		return err
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return err
	}
	return fmt.Errorf("%s: %w", action, err)
}

// statusOf reads the status code out of the SDK's result map (a json.Number
// after its internal JSON round trip).
func statusOf(v any) int {
	if s := fmt.Sprint(v); s != "" {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	return 200
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}
