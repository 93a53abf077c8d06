package emulator

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// stsVersion is the Security Token Service API version credentials-go calls,
// signed with the legacy HMAC-SHA1 RPC signature.
const stsVersion = "2015-04-01"

// Role is a RAM role the emulated STS lets callers assume.
type Role struct {
	ARN        string // acs:ram::<account id>:role/<name>
	ExternalID string // when set, AssumeRole must send exactly this ExternalId
	// MaxSessionDuration bounds DurationSeconds; zero means one hour, RAM's default.
	MaxSessionDuration time.Duration
}

// OIDCProvider is an identity provider registered in RAM whose tokens the
// emulated STS exchanges for a role's credentials in AssumeRoleWithOIDC.
type OIDCProvider struct {
	ARN    string   // acs:ram::<account id>:oidc-provider/<name>
	Tokens []string // OIDC tokens it accepts, verbatim
}

// The role and OIDC provider of the account cmd/alicas-emulator serves, so
// that assume_role and RRSA work against it as the README says. New knows
// only the roles and providers its Options name.
const (
	// DefaultRoleARN is a role any key the emulator accepts may assume.
	DefaultRoleARN = "acs:ram::1666884372152785:role/alicas-deployer"
	// DefaultOIDCProviderARN accepts DefaultOIDCToken for AssumeRoleWithOIDC.
	DefaultOIDCProviderARN = "acs:ram::1666884372152785:oidc-provider/alicas-emulator"
	DefaultOIDCToken       = "alicas-emulator-oidc-token" //nolint:gosec // the emulator's published demo token, accepted by nothing real
)

// anonymous lists the actions served without a signature: the OIDC token is
// the caller's proof of identity.
var anonymous = map[route]bool{
	{stsVersion, "AssumeRoleWithOIDC"}: true,
}

const (
	minSessionDuration     = 15 * time.Minute
	defaultSessionDuration = time.Hour
)

var roleSessionNamePattern = regexp.MustCompile(`^[a-zA-Z0-9.@_-]{2,64}$`)

// assumeRole issues temporary credentials for a role to a signed caller.
func (s *Server) assumeRole(c *call) (any, error) {
	role, err := s.role(c)
	if err != nil {
		return nil, err
	}
	if role.ExternalID != "" && c.params.Get("ExternalId") != role.ExternalID {
		return nil, errorf(http.StatusForbidden, "NoPermission",
			"No permission perform sts:AssumeRole on this Role. Maybe the role has not been created or has not been authorized.")
	}
	cred, err := s.assume(c, role)
	if err != nil {
		return nil, err
	}
	return assumeRoleAnswer{RequestID: c.requestID, AssumedRoleUser: assumedUser(role, c), Credentials: cred}, nil
}

// assumeRoleWithOIDC issues temporary credentials for a role to the bearer
// of a token from a registered OIDC provider.
func (s *Server) assumeRoleWithOIDC(c *call) (any, error) {
	providerARN, err := c.required("OIDCProviderArn")
	if err != nil {
		return nil, err
	}
	token, err := c.required("OIDCToken")
	if err != nil {
		return nil, err
	}
	provider, ok := s.services.oidcProviders[providerARN]
	if !ok {
		return nil, errorf(http.StatusNotFound, "EntityNotExist.OIDCProvider", "The specified OIDC provider does not exist: %s.", providerARN)
	}
	if !provider[strings.TrimSpace(token)] {
		return nil, errorf(http.StatusBadRequest, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid or has expired.")
	}
	role, err := s.role(c)
	if err != nil {
		return nil, err
	}
	cred, err := s.assume(c, role)
	if err != nil {
		return nil, err
	}
	return assumeRoleAnswer{RequestID: c.requestID, AssumedRoleUser: assumedUser(role, c), Credentials: cred,
		OIDCTokenInfo: &oidcTokenInfo{Issuer: "https://oidc.emulator.local", Subject: "system:serviceaccount:default:terraform"}}, nil
}

func (s *Server) role(c *call) (Role, error) {
	arn, err := c.required("RoleArn")
	if err != nil {
		return Role{}, err
	}
	role, ok := s.services.roles[arn]
	if !ok {
		return Role{}, errorf(http.StatusNotFound, "EntityNotExist.Role", "The specified Role not exists: %s.", arn)
	}
	return role, nil
}

// assume checks the session parameters both actions share and issues.
func (s *Server) assume(c *call, role Role) (stsCredentials, error) {
	name, err := c.required("RoleSessionName")
	if err != nil {
		return stsCredentials{}, err
	}
	if !roleSessionNamePattern.MatchString(name) {
		return stsCredentials{}, errorf(http.StatusBadRequest, "InvalidParameter.RoleSessionName", "The parameter RoleSessionName is wrongly formed.")
	}
	maxDuration := role.MaxSessionDuration
	if maxDuration == 0 {
		maxDuration = defaultSessionDuration
	}
	duration := defaultSessionDuration
	if v := c.params.Get("DurationSeconds"); v != "" {
		n, err := strconv.Atoi(v)
		duration = time.Duration(n) * time.Second
		if err != nil || duration < minSessionDuration || duration > maxDuration {
			return stsCredentials{}, errorf(http.StatusBadRequest, "InvalidParameter.DurationSeconds",
				"The Min/Max value of DurationSeconds is 15min/%s.", maxDuration)
		}
	}
	if p := c.params.Get("Policy"); p != "" && !json.Valid([]byte(p)) {
		return stsCredentials{}, errorf(http.StatusBadRequest, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.")
	}
	cred := s.issueTemporary(duration)
	return stsCredentials{
		AccessKeyID:     cred.AccessKeyID,
		AccessKeySecret: cred.AccessKeySecret,
		SecurityToken:   cred.SecurityToken,
		Expiration:      cred.Expiration.UTC().Format(timeLayout),
	}, nil
}

func assumedUser(role Role, c *call) assumedRoleUser {
	session := c.params.Get("RoleSessionName")
	return assumedRoleUser{Arn: role.ARN + "/" + session, AssumedRoleID: "300000000000000001:" + session}
}

type assumeRoleAnswer struct {
	RequestID       string          `json:"RequestId"`
	AssumedRoleUser assumedRoleUser `json:"AssumedRoleUser"`
	Credentials     stsCredentials  `json:"Credentials"`
	OIDCTokenInfo   *oidcTokenInfo  `json:"OIDCTokenInfo,omitempty"`
}

type assumedRoleUser struct {
	Arn           string `json:"Arn"`
	AssumedRoleID string `json:"AssumedRoleId"`
}

type stsCredentials struct {
	AccessKeyID     string `json:"AccessKeyId"`
	AccessKeySecret string `json:"AccessKeySecret"`
	SecurityToken   string `json:"SecurityToken"`
	Expiration      string `json:"Expiration"`
}

type oidcTokenInfo struct {
	Issuer  string `json:"Issuer"`
	Subject string `json:"Subject"`
}
