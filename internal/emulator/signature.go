package emulator

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // the legacy RPC signature is HMAC-SHA1 by definition; verified, not chosen
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"
)

const (
	acs3Algorithm = "ACS3-HMAC-SHA256"
	timeLayout    = "2006-01-02T15:04:05Z" // x-acs-date and the legacy Timestamp
	maxClockSkew  = 15 * time.Minute
	// maxRememberedNonces bounds the replay memory; past it the oldest nonces
	// are forgotten first.
	maxRememberedNonces = 100_000
)

// claim is what a signed request asserts, whatever the signature scheme: the
// checks and their order are the same for both.
type claim struct {
	accessKeyID  string
	date         string
	nonce        string
	token        string
	tokenSent    bool
	signature    []byte // as sent, decoded; nil if it could not be decoded
	stringToSign string
	sign         func(secret, stringToSign string) []byte
}

// authenticate accepts an ACS3-HMAC-SHA256 Authorization header or, failing
// that, the legacy RPC signature in the parameters.
// It returns the credential that signed the request.
func (s *Server) authenticate(in *incoming) (Credential, error) {
	if auth := in.r.Header.Get("Authorization"); auth != "" {
		cl, err := acs3Claim(in, auth)
		if err != nil {
			return Credential{}, err
		}
		return s.verify(cl)
	}
	if params := mergeParams(in.query, in.form); params.Has("Signature") {
		cl, err := legacyClaim(in.r.Method, params)
		if err != nil {
			return Credential{}, err
		}
		return s.verify(cl)
	}
	return Credential{}, errorf(http.StatusBadRequest, "MissingAuthorization", "Authorization is mandatory for this action.")
}

func (s *Server) verify(cl claim) (Credential, error) {
	now := s.now()
	if cl.date == "" {
		return Credential{}, errorf(http.StatusBadRequest, "MissingTimestamp", "Timestamp is mandatory for this action.")
	}
	date, err := time.Parse(timeLayout, cl.date)
	if err != nil {
		return Credential{}, errorf(http.StatusBadRequest, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
	}
	if d := now.Sub(date); d > maxClockSkew || d < -maxClockSkew {
		return Credential{}, errorf(http.StatusBadRequest, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
	}
	if cl.nonce == "" {
		return Credential{}, errorf(http.StatusBadRequest, "MissingSignatureNonce", "SignatureNonce is mandatory for this action.")
	}
	cred, ok := s.credential(cl.accessKeyID)
	if !ok {
		return Credential{}, errorf(http.StatusNotFound, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
	}
	if cl.tokenSent || cred.SecurityToken != "" {
		if subtle.ConstantTimeCompare([]byte(cl.token), []byte(cred.SecurityToken)) != 1 {
			return Credential{}, errorf(http.StatusBadRequest, "InvalidSecurityToken.Malformed", "Specified SecurityToken is malformed.")
		}
		if !cred.Expiration.IsZero() && !now.Before(cred.Expiration) {
			return Credential{}, errorf(http.StatusBadRequest, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
		}
	}
	if !hmac.Equal(cl.sign(cred.AccessKeySecret, cl.stringToSign), cl.signature) {
		// The real gateway shows its string to sign; it holds no secret.
		return Credential{}, errorf(http.StatusBadRequest, "SignatureDoesNotMatch",
			"Specified signature is not matched with our calculation. server string to sign is:%s", cl.stringToSign)
	}
	// Remembered only once the signature holds, so a forger cannot burn
	// nonces; kept until the timestamp itself would be refused.
	if !s.nonces.add(cl.accessKeyID+"\n"+cl.nonce, date.Add(maxClockSkew), now) {
		return Credential{}, errorf(http.StatusBadRequest, "SignatureNonceUsed", "Specified signature nonce was used already.")
	}
	return cred, nil
}

// acs3Claim rebuilds the canonical request from the request as received.
func acs3Claim(in *incoming, auth string) (claim, error) {
	keyID, signedHeaders, sig, err := parseAuthorization(auth)
	if err != nil {
		return claim{}, err
	}
	if missing := unsignedHeaders(in.r, signedHeaders); len(missing) > 0 {
		return claim{}, errorf(http.StatusBadRequest, "IncompleteSignature",
			"The request signature does not conform to Aliyun standards: SignedHeaders must include host and every x-acs-* header; missing %s.", strings.Join(missing, ";"))
	}
	sent := in.r.Header.Get("x-acs-content-sha256")
	if sent == "" {
		return claim{}, errorf(http.StatusBadRequest, "IncompleteSignature",
			"The request signature does not conform to Aliyun standards: x-acs-content-sha256 is mandatory.")
	}
	bodyHash := sha256.Sum256(in.body)
	payload := hex.EncodeToString(bodyHash[:])
	if !strings.EqualFold(sent, payload) {
		// A body changed after signing must not pass, whatever the header says.
		payload = sent
		sig = nil
	}
	canonical := strings.Join([]string{
		in.r.Method,
		canonicalURI(in.r),
		canonicalQuery(in.query),
		canonicalHeaders(in.r, signedHeaders),
		strings.Join(signedHeaders, ";"),
		payload,
	}, "\n")
	canonicalHash := sha256.Sum256([]byte(canonical))
	token, tokenSent := headerValue(in.r, "x-acs-security-token")
	return claim{
		accessKeyID:  keyID,
		date:         in.r.Header.Get("x-acs-date"),
		nonce:        in.r.Header.Get("x-acs-signature-nonce"),
		token:        token,
		tokenSent:    tokenSent,
		signature:    sig,
		stringToSign: acs3Algorithm + "\n" + hex.EncodeToString(canonicalHash[:]),
		sign:         hmacSHA256,
	}, nil
}

// parseAuthorization splits
// "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex".
func parseAuthorization(auth string) (keyID string, signedHeaders []string, sig []byte, err error) {
	incomplete := func(why string) error {
		return errorf(http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards: %s.", why)
	}
	algorithm, rest, _ := strings.Cut(strings.TrimSpace(auth), " ")
	if algorithm != acs3Algorithm {
		return "", nil, nil, incomplete("the Authorization header must start with " + acs3Algorithm)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	keyID, headers, hexSig := fields["Credential"], fields["SignedHeaders"], fields["Signature"]
	if keyID == "" || headers == "" || hexSig == "" {
		return "", nil, nil, incomplete("the Authorization header needs Credential, SignedHeaders and Signature")
	}
	sig, decodeErr := hex.DecodeString(hexSig)
	if decodeErr != nil {
		sig = nil // compares unequal, as any wrong signature does
	}
	return keyID, strings.Split(headers, ";"), sig, nil
}

// unsignedHeaders lists what the signature must cover but does not.
func unsignedHeaders(r *http.Request, signed []string) []string {
	covered := map[string]bool{}
	for _, h := range signed {
		covered[strings.ToLower(h)] = true
	}
	var missing []string
	if !covered["host"] {
		missing = append(missing, "host")
	}
	for name := range r.Header {
		if lower := strings.ToLower(name); strings.HasPrefix(lower, "x-acs-") && !covered[lower] {
			missing = append(missing, lower)
		}
	}
	sort.Strings(missing)
	return missing
}

func canonicalURI(r *http.Request) string {
	if p := r.URL.EscapedPath(); p != "" {
		return p
	}
	return "/"
}

// canonicalQuery sorts the parameters by encoded name (then value) and
// encodes both per RFC 3986.
func canonicalQuery(q url.Values) string {
	var pairs []string
	for k, vs := range q {
		for _, v := range vs {
			pairs = append(pairs, percentEncode(k)+"="+percentEncode(v))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

// canonicalHeaders writes the signed headers in the order the client listed
// them, each "name:value\n" (so the canonical request has a blank line after
// them); repeated values are sorted and joined by commas.
func canonicalHeaders(r *http.Request, signed []string) string {
	var b strings.Builder
	for _, name := range signed {
		var values []string
		if strings.EqualFold(name, "host") {
			values = []string{r.Host} // net/http moves Host out of the header map
		} else {
			for _, v := range r.Header.Values(name) {
				values = append(values, strings.TrimSpace(v))
			}
			sort.Strings(values)
		}
		b.WriteString(name + ":" + strings.Join(values, ",") + "\n")
	}
	return b.String()
}

func headerValue(r *http.Request, name string) (string, bool) {
	vs := r.Header.Values(name)
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

func hmacSHA256(secret, s string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(s))
	return m.Sum(nil)
}

// legacyClaim reads the older RPC signature (SignatureVersion 1.0,
// HMAC-SHA1) that some official SDKs still send.
func legacyClaim(method string, params url.Values) (claim, error) {
	if m := params.Get("SignatureMethod"); m != "HMAC-SHA1" {
		return claim{}, errorf(http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards: SignatureMethod %q is not supported.", m)
	}
	if v := params.Get("SignatureVersion"); v != "1.0" {
		return claim{}, errorf(http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards: SignatureVersion %q is not supported.", v)
	}
	if params.Get("AccessKeyId") == "" {
		return claim{}, errorf(http.StatusBadRequest, "IncompleteSignature", "The request signature does not conform to Aliyun standards: AccessKeyId is mandatory.")
	}
	signed := url.Values{}
	for k, v := range params {
		if k != "Signature" {
			signed[k] = v
		}
	}
	sig, err := base64.StdEncoding.DecodeString(params.Get("Signature"))
	if err != nil {
		sig = nil
	}
	return claim{
		accessKeyID:  params.Get("AccessKeyId"),
		date:         params.Get("Timestamp"),
		nonce:        params.Get("SignatureNonce"),
		token:        params.Get("SecurityToken"),
		tokenSent:    params.Has("SecurityToken"),
		signature:    sig,
		stringToSign: method + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(signed)),
		sign:         hmacSHA1Base,
	}, nil
}

// hmacSHA1Base keys HMAC-SHA1 with secret+"&", as the legacy scheme does.
func hmacSHA1Base(secret, s string) []byte {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(s))
	return m.Sum(nil)
}

// percentEncode is RFC 3986: everything but A-Z a-z 0-9 - _ . ~ as %XX.
func percentEncode(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// nonceCache remembers recently used nonces to refuse replays. Entries are
// forgotten once their timestamp would be refused anyway, and the oldest
// first when the cache is full.
type nonceCache struct {
	mu    sync.Mutex
	until map[string]time.Time
	order []nonceEntry // insertion order
	max   int
}

type nonceEntry struct {
	key   string
	until time.Time
}

func newNonceCache(max int) *nonceCache {
	return &nonceCache{until: map[string]time.Time{}, max: max}
}

// add records key and reports whether it was new.
func (c *nonceCache) add(key string, until, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.order) > 0 && !now.Before(c.order[0].until) {
		c.forgetOldest()
	}
	if u, ok := c.until[key]; ok && now.Before(u) {
		return false
	}
	for len(c.order) >= c.max {
		c.forgetOldest()
	}
	c.until[key] = until
	c.order = append(c.order, nonceEntry{key, until})
	return true
}

func (c *nonceCache) forgetOldest() {
	e := c.order[0]
	c.order = c.order[1:]
	if c.until[e.key].Equal(e.until) {
		delete(c.until, e.key)
	}
}
