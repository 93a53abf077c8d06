// Package cas is a small typed client for Alibaba Cloud's Certificate
// Management Service (API version 2020-04-07). It signs calls through
// darabonba-openapi (ACS3-HMAC-SHA256) and decodes answers into its own types.
// It knows nothing of Terraform.
package cas

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/aliyun/credentials-go/credentials"
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
	Endpoint Endpoint
	// EndpointSource says which setting chose Endpoint, e.g. "endpoints.cas"
	// or "ALIBABA_CLOUD_ENDPOINT_CAS"; network errors carry it so that the
	// advice can name what to fix.
	EndpointSource string
	Credential     credentials.Credential
	UserAgent      string // appended to the SDK's own User-Agent
	ConnectTimeout time.Duration
	ReadTimeout    time.Duration
	Logger         Logger // optional
	// CredentialSource says where Credential comes from; APIErrors carry it
	// so that an authentication failure can name what to fix.
	CredentialSource CredentialSource
	// MaxRetries is how many times a failed call is tried again (see
	// retry.go for which failures); 0 tries each call once.
	MaxRetries int
	// RequestsPerSecond fixes how fast this client sends requests, retries
	// included, across all its callers. 0: the pace adapts to throttling
	// instead (ratelimit.go): no rate is documented for the deployment
	// operations.
	RequestsPerSecond float64
	// Clock is the time retries and the rate limiter wait by; nil is the
	// real clock. Tests give a clocktest.Clock.
	Clock Clock
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
	endpointSource   string
	credentialSource CredentialSource
	logger           Logger
	clock            Clock
	limiter          *limiter
	maxRetries       int
	attemptTimeout   time.Duration // one request, connect to last body byte
	connectTimeout   time.Duration
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
	clock := cfg.Clock
	if clock == nil {
		clock = realClock{}
	}
	c := &Client{
		sdkConfig:        sdkConfig,
		endpoint:         cfg.Endpoint,
		endpointSource:   cfg.EndpointSource,
		credentialSource: cfg.CredentialSource,
		logger:           logger,
		clock:            clock,
		limiter:          newLimiter(clock, cfg.RequestsPerSecond),
		maxRetries:       max(cfg.MaxRetries, 0),
		attemptTimeout:   connect + read,
		connectTimeout:   connect,
		readTimeout:      read,
		certRegion:       cfg.CertRegion,
	}
	c.apis.Put(api)
	return c, nil
}

// Clock is the clock the client waits by (Config.Clock), for callers that
// bound their calls with deadlines on the same time.
func (c *Client) Clock() Clock { return c.clock }

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

// request is one operation's parameters: all in the query string, as the
// official SDKs send them, except form, which goes in the form body (values
// too long for a URL: PEM certificates and keys).
type request struct {
	query map[string]string
	form  map[string]string
}

// call is the one place a request is built, signed and sent, retried as
// retry.go decides. It decodes a successful answer into out and returns the
// raw answer for list decoding.
func (c *Client) call(ctx context.Context, action string, req request, out responseBody) (rawResponse, error) {
	var raw rawResponse
	err := c.retry(ctx, action, func(ctx context.Context) (bool, error) {
		var sent bool
		var err error
		raw, sent, err = c.send(ctx, action, req, out)
		return sent, err
	})
	return raw, err
}

// send makes one attempt, bounded by the connect and read timeouts, and
// says whether the request was sent whole.
func (c *Client) send(ctx context.Context, action string, req request, out responseBody) (rawResponse, bool, error) {
	attemptCtx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()
	attemptCtx, ex := withExchange(attemptCtx, action)
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
	sdkReq := &openapi.OpenApiRequest{Query: make(map[string]*string, len(req.query))}
	for k, v := range req.query {
		sdkReq.Query[k] = dara.String(v)
	}
	if len(req.form) > 0 {
		body := make(map[string]any, len(req.form))
		for k, v := range req.form {
			body[k] = v
		}
		sdkReq.Body = body
	}
	api, ok := c.apis.Get().(*openapi.Client)
	if !ok {
		var err error
		if api, err = newSDKClient(c.sdkConfig); err != nil {
			return rawResponse{}, false, err
		}
	}
	res, err := api.CallApiWithCtx(attemptCtx, params, sdkReq, &dara.RuntimeOptions{})
	c.apis.Put(api)
	if err != nil {
		return rawResponse{}, ex.sent.Load(), c.attemptError(ctx, attemptCtx, action, ex, err)
	}
	raw := rawResponse{status: statusOf(res["statusCode"]), body: ex.body}
	if body, ok := res["body"].(string); ok && !ex.captured {
		raw.body = []byte(body)
	}
	if headers, ok := res["headers"].(map[string]interface{}); ok {
		raw.requestID, _ = headers["x-acs-request-id"].(string)
	}
	return raw, true, decode(action, raw, out)
}

// attemptError says what an attempt's failure was, naming the endpoint
// where the network is to blame.
func (c *Client) attemptError(ctx, attemptCtx context.Context, action string, ex *exchange, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s: %w", action, ctxErr)
	}
	if attemptCtx.Err() != nil || isTimeout(err) {
		after := c.readTimeout
		if attemptCtx.Err() != nil {
			after = c.attemptTimeout
		}
		if !ex.connected.Load() {
			after = c.connectTimeout
		}
		return &TimeoutError{Action: action, After: after, Connecting: !ex.connected.Load(), Endpoint: c.endpoint, EndpointSource: c.endpointSource, Err: err}
	}
	err = apiErrorFrom(action, err)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.CredentialSource = c.credentialSource
		return err
	}
	var respErr *ResponseError
	if !errors.As(err, &respErr) {
		if k := Classify(err).Kind; k == KindUnreachable || k == KindConnectionLost {
			return &NetworkError{Action: action, Endpoint: c.endpoint, EndpointSource: c.endpointSource, Err: err}
		}
	}
	return withAction(action, err)
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
