package emulator

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// credentialServices are the places credentials-go fetches temporary
// credentials from, besides STS: the ECS instance metadata service, a
// credentials URI and the CloudSSO sign-in portal.
type credentialServices struct {
	roles              map[string]Role
	oidcProviders      map[string]map[string]bool // provider ARN -> accepted tokens
	instanceRoleName   string
	credentialsURIPath string
	ssoAccessTokens    map[string]bool
	lifetime           time.Duration
}

func newCredentialServices(opts Options) (credentialServices, error) {
	cs := credentialServices{
		roles:              map[string]Role{},
		oidcProviders:      map[string]map[string]bool{},
		instanceRoleName:   opts.InstanceRoleName,
		credentialsURIPath: opts.CredentialsURIPath,
		ssoAccessTokens:    map[string]bool{},
		lifetime:           opts.TemporaryCredentialLifetime,
	}
	for _, r := range opts.Roles {
		if r.ARN == "" {
			return cs, fmt.Errorf("a role needs an ARN")
		}
		cs.roles[r.ARN] = r
	}
	for _, p := range opts.OIDCProviders {
		if p.ARN == "" {
			return cs, fmt.Errorf("an OIDC provider needs an ARN")
		}
		tokens := map[string]bool{}
		for _, t := range p.Tokens {
			tokens[t] = true
		}
		cs.oidcProviders[p.ARN] = tokens
	}
	for _, t := range opts.CloudSSOAccessTokens {
		cs.ssoAccessTokens[t] = true
	}
	if p := cs.credentialsURIPath; p != "" && (!strings.HasPrefix(p, "/") || p == "/") {
		return cs, fmt.Errorf("CredentialsURIPath %q must be a path below /", p)
	}
	return cs, nil
}

// credential looks up an AccessKey the server accepts.
func (s *Server) credential(accessKeyID string) (Credential, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c, ok := s.creds[accessKeyID]
	return c, ok
}

func (c Credential) allows(action string) bool {
	return len(c.Actions) == 0 || slices.Contains(c.Actions, action)
}

// issueTemporary mints STS-style credentials valid for lifetime (or the
// server's override) that CAS calls then accept until they expire.
func (s *Server) issueTemporary(lifetime time.Duration) Credential {
	if s.services.lifetime > 0 {
		lifetime = s.services.lifetime
	}
	c := Credential{
		AccessKeyID:     "STS.NT" + randomString(15),
		AccessKeySecret: randomString(30),
		SecurityToken:   "CAIS" + randomString(90),
		// The wire format has whole seconds: never promise more than that.
		Expiration: s.now().Add(lifetime).UTC().Truncate(time.Second),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.creds[c.AccessKeyID] = c
	s.issued = append(s.issued, c)
	return c
}

// Issued returns the temporary credentials the server has handed out,
// through any credential service, oldest first.
func (s *Server) Issued() []Credential {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return slices.Clone(s.issued)
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}

const (
	instanceCredentialLifetime = 6 * time.Hour // what ECS hands out
	serviceCredentialLifetime  = time.Hour
	metadataPrefix             = "/latest/"
	cloudSSOPath               = "/cloud-credentials"
)

// serveCredentialService answers the credential services that are not RPC
// APIs, and reports whether r was one of them.
func (s *Server) serveCredentialService(w http.ResponseWriter, r *http.Request) bool {
	cs := s.services
	switch {
	case cs.instanceRoleName != "" && strings.HasPrefix(r.URL.Path, metadataPrefix):
		s.serveInstanceMetadata(w, r)
	case cs.credentialsURIPath != "" && r.URL.Path == cs.credentialsURIPath && r.Method == http.MethodGet:
		c := s.issueTemporary(serviceCredentialLifetime)
		writeCredentialJSON(w, map[string]string{"Code": "Success", "AccessKeyId": c.AccessKeyID,
			"AccessKeySecret": c.AccessKeySecret, "SecurityToken": c.SecurityToken, "Expiration": c.Expiration.Format(timeLayout)})
	case len(cs.ssoAccessTokens) > 0 && r.URL.Path == cloudSSOPath && r.Method == http.MethodPost:
		s.serveCloudSSO(w, r)
	default:
		return false
	}
	s.logger.Info("credential service", "path", r.URL.Path)
	return true
}

// serveInstanceMetadata is the part of the ECS metadata service
// (100.100.100.200) that hands out the attached RAM role's credentials,
// with the IMDSv2 session token.
func (s *Server) serveInstanceMetadata(w http.ResponseWriter, r *http.Request) {
	const credsPath = "/latest/meta-data/ram/security-credentials/" //nolint:gosec // a URL path, not a credential
	role := s.services.instanceRoleName
	switch {
	case r.Method == http.MethodPut && r.URL.Path == "/latest/api/token":
		if r.Header.Get("X-aliyun-ecs-metadata-token-ttl-seconds") == "" {
			http.Error(w, "missing X-aliyun-ecs-metadata-token-ttl-seconds", http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(randomString(40)))
	case r.Method == http.MethodGet && r.URL.Path == credsPath:
		_, _ = w.Write([]byte(role))
	case r.Method == http.MethodGet && r.URL.Path == credsPath+role:
		c := s.issueTemporary(instanceCredentialLifetime)
		now := s.now().UTC().Format(timeLayout)
		writeCredentialJSON(w, map[string]string{"Code": "Success", "AccessKeyId": c.AccessKeyID,
			"AccessKeySecret": c.AccessKeySecret, "SecurityToken": c.SecurityToken,
			"Expiration": c.Expiration.Format(timeLayout), "LastUpdated": now})
	default:
		http.NotFound(w, r)
	}
}

// serveCloudSSO is the CloudSSO portal's exchange of a signed-in user's
// access token for an account's credentials.
func (s *Server) serveCloudSSO(w http.ResponseWriter, r *http.Request) {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	var req struct {
		AccountID             string `json:"AccountId"`
		AccessConfigurationID string `json:"AccessConfigurationId"`
	}
	requestID := newRequestID()
	switch {
	case !s.services.ssoAccessTokens[token]:
		writeJSON(w, http.StatusUnauthorized, requestID, map[string]string{"RequestId": requestID,
			"ErrorCode": "InvalidAccessToken", "ErrorMessage": "The access token is invalid or has expired; sign in again."})
	case json.NewDecoder(r.Body).Decode(&req) != nil || req.AccountID == "" || req.AccessConfigurationID == "":
		writeJSON(w, http.StatusBadRequest, requestID, map[string]string{"RequestId": requestID,
			"ErrorCode": "InvalidParameter", "ErrorMessage": "AccountId and AccessConfigurationId are required."})
	default:
		c := s.issueTemporary(serviceCredentialLifetime)
		writeJSON(w, http.StatusOK, requestID, map[string]any{"RequestId": requestID, "CloudCredential": map[string]string{
			"AccessKeyId": c.AccessKeyID, "AccessKeySecret": c.AccessKeySecret,
			"SecurityToken": c.SecurityToken, "Expiration": c.Expiration.Format(timeLayout)}})
	}
}

func writeCredentialJSON(w http.ResponseWriter, v map[string]string) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
