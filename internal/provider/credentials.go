package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// source is a credentials provider and, for diagnostics, where it comes
// from: it never holds a secret.
type source struct {
	provider providers.CredentialsProvider
	origin   cas.CredentialSource
}

// credentialChain builds the credential from the provider configuration.
// Nothing is fetched here: providers fetch when a data source first asks.
type credentialChain struct {
	cfg     providerModel
	stsHost string
	http    *providers.HttpOptions // timeouts for STS and credentials URI calls
	diags   diag.Diagnostics
}

// resolveCredential returns the credential to sign with and where it comes
// from.
func resolveCredential(ctx context.Context, cfg providerModel, stsHost string, http *providers.HttpOptions) (credentials.Credential, cas.CredentialSource, diag.Diagnostics) {
	ch := &credentialChain{cfg: cfg, stsHost: stsHost, http: http}
	src := ch.base(ctx)
	var fetchedWith cas.CredentialSource // the keys that sign the calls fetching src's, if any
	if !cfg.AssumeRole.IsNull() && !ch.diags.HasError() {
		var m assumeRoleModel
		ch.diags.Append(cfg.AssumeRole.As(ctx, &m, basetypes.ObjectAsOptions{})...)
		if !ch.diags.HasError() {
			if src != nil {
				fetchedWith = src.origin
			}
			src = ch.assumeRole(src, m)
		}
	}
	if ch.diags.HasError() {
		return nil, cas.CredentialSource{}, ch.diags
	}
	if src == nil {
		ch.diags.AddError("No Alibaba Cloud credentials", "The alicas provider found no credentials. Set one of the sources below.\n\n"+sourcesHelp())
		return nil, cas.CredentialSource{}, ch.diags
	}
	wrapped := &sourcedProvider{inner: src.provider, source: src.origin.Description, fetchedWith: fetchedWith}
	return credentials.FromCredentialsProvider(src.provider.GetProviderName(), wrapped), src.origin, ch.diags
}

// base is the precedence order: the first source that is configured wins,
// and each configured one after it gets a warning that it is not used;
// assume_role, if set, then assumes its role with the winner.
func (ch *credentialChain) base(ctx context.Context) *source {
	cfg := ch.cfg
	accessKey := lookup(cfg.AccessKey.ValueString(), "access_key")
	secretKey := lookup(cfg.SecretKey.ValueString(), "secret_key")
	profile := lookup(cfg.Profile.ValueString(), "profile")
	file := lookup(cfg.SharedCredentialsFile.ValueString(), "shared_credentials_file")
	uri := lookup(cfg.CredentialsURI.ValueString(), "credentials_uri")
	role := lookup(cfg.ECSRoleName.ValueString(), "ecs_role_name")
	oidcARN := lookup("", "assume_role_with_oidc.oidc_provider_arn")
	profileAt, profileWhat := path.Root("profile"), fmt.Sprintf("profile %q (set by %s)", profile.value, profile.from)
	if !profile.set() {
		profileAt, profileWhat = path.Root("shared_credentials_file"), "shared_credentials_file (set by "+file.from+")"
	}
	oidcWhat := "the assume_role_with_oidc block"
	if cfg.AssumeRoleWithOIDC.IsNull() {
		oidcWhat = oidcARN.from
	}
	sources := []struct {
		set   bool
		what  string // the source and what set it; never a secret
		at    path.Path
		build func() *source
	}{
		{accessKey.set() || secretKey.set(), "the AccessKey from " + orDefault(accessKey.from, secretKey.from), path.Root("access_key"),
			func() *source {
				return ch.static(accessKey, secretKey, lookup(cfg.SecurityToken.ValueString(), "security_token"))
			}},
		{profile.set() || file.set(), profileWhat, profileAt, func() *source { return ch.cliProfile(profile, file) }},
		{uri.set(), "credentials_uri (set by " + uri.from + ")", path.Root("credentials_uri"), func() *source { return ch.credentialsURI(uri) }},
		{role.set(), fmt.Sprintf("ecs_role_name %q (set by %s)", role.value, role.from), path.Root("ecs_role_name"),
			func() *source { return ch.ecsRole(role) }},
		{!cfg.AssumeRoleWithOIDC.IsNull() || oidcARN.set(), oidcWhat, path.Root("assume_role_with_oidc"), func() *source {
			var m assumeRoleWithOIDCModel
			if !cfg.AssumeRoleWithOIDC.IsNull() {
				ch.diags.Append(cfg.AssumeRoleWithOIDC.As(ctx, &m, basetypes.ObjectAsOptions{})...)
			}
			return ch.oidc(m)
		}},
	}
	for i, first := range sources {
		if !first.set {
			continue
		}
		for _, later := range sources[i+1:] {
			if later.set {
				ch.diags.AddAttributeWarning(later.at, "Credential source not used",
					fmt.Sprintf("%s is set, but %s comes first and is used, so %s is ignored. Remove the one you do not mean.",
						later.what, first.what, later.what))
			}
		}
		return first.build()
	}
	if _, err := os.Stat(expandHome(defaultCLIConfig)); err == nil {
		return ch.cliProfile(setting{}, setting{defaultCLIConfig, "the default location"})
	}
	return nil
}

// sourcesHelp names every source in precedence order, with its variables.
func sourcesHelp() string {
	return "The provider uses the first of these it finds:\n" +
		"1. access_key and secret_key, plus security_token for STS keys (" + envList("access_key", "secret_key", "security_token") + ")\n" +
		"2. profile or shared_credentials_file: a profile of the aliyun CLI's config.json (" + envList("profile", "shared_credentials_file") + ")\n" +
		"3. credentials_uri (" + envList("credentials_uri") + ")\n" +
		"4. ecs_role_name: the RAM role of this ECS instance (" + envList("ecs_role_name") + ")\n" +
		"5. an assume_role_with_oidc block, or " + envList("assume_role_with_oidc.oidc_provider_arn") + " with " + envList("assume_role_with_oidc.oidc_token_file", "assume_role_with_oidc.role_arn") + "\n" +
		"6. the current profile of " + defaultCLIConfig + ", written by `aliyun configure`\n" +
		"An assume_role block then assumes its role with the credentials found."
}

func (ch *credentialChain) static(accessKey, secretKey, token setting) *source {
	switch {
	case !accessKey.set():
		ch.diags.AddAttributeError(path.Root("access_key"), "Missing access_key",
			fmt.Sprintf("secret_key is set (by %s) but access_key is not. Set access_key in the provider block or %s.", secretKey.from, envList("access_key")))
		return nil
	case !secretKey.set():
		ch.diags.AddAttributeError(path.Root("secret_key"), "Missing secret_key",
			fmt.Sprintf("access_key is set (by %s) but secret_key is not. Set secret_key in the provider block or %s.", accessKey.from, envList("secret_key")))
		return nil
	}
	origin := cas.CredentialSource{
		Description: fmt.Sprintf("the AccessKey pair from %s and %s", accessKey.from, secretKey.from),
		AccessKeyID: accessKey.from, AccessKeySecret: secretKey.from,
	}
	var (
		p   providers.CredentialsProvider
		err error
	)
	if token.set() {
		origin.Description += " with the STS token from " + token.from
		origin.SecurityToken = token.from
		p, err = providers.NewStaticSTSCredentialsProviderBuilder().
			WithAccessKeyId(accessKey.value).WithAccessKeySecret(secretKey.value).WithSecurityToken(token.value).Build()
	} else {
		p, err = providers.NewStaticAKCredentialsProviderBuilder().
			WithAccessKeyId(accessKey.value).WithAccessKeySecret(secretKey.value).Build()
	}
	if err != nil {
		ch.diags.AddError("Invalid AccessKey credentials", err.Error())
		return nil
	}
	return &source{p, origin}
}

// cliProfile reads a profile of the aliyun CLI's config file. The file is
// checked here so that a mistake in it is reported before any plan; the
// profile's own credentials are read by credentials-go when first needed.
func (ch *credentialChain) cliProfile(profile, file setting) *source {
	at := path.Root("profile")
	if file.from == "shared_credentials_file" {
		at = path.Root("shared_credentials_file")
	}
	if !file.set() {
		file = setting{defaultCLIConfig, "the default location"}
	}
	filePath := expandHome(file.value)
	conf, err := readCLIConfig(filePath)
	if err != nil {
		ch.diags.AddAttributeError(at, "Cannot use the aliyun CLI configuration file",
			fmt.Sprintf("%s (set by %s): %v.", filePath, file.from, err))
		return nil
	}
	name := profile.value
	if name == "" {
		name = conf.Current
		if name == "" {
			ch.diags.AddAttributeError(at, "No profile chosen",
				fmt.Sprintf("%s names no current profile. Set profile (or %s) to one of: %s.", filePath, envList("profile"), conf.names()))
			return nil
		}
	}
	mode, ok := conf.mode(name)
	if !ok {
		ch.diags.AddAttributeError(at, "Unknown profile",
			fmt.Sprintf("Profile %q (set by %s) is not in %s, which has: %s. Set profile (or %s) to one of them, or create it with `aliyun configure --profile %s`.",
				name, orDefault(profile.from, "its current setting"), filePath, conf.names(), envList("profile"), name))
		return nil
	}
	p, err := providers.NewCLIProfileCredentialsProviderBuilder().WithProfileFile(filePath).WithProfileName(name).Build()
	if err != nil {
		ch.diags.AddAttributeError(at, "Cannot use the aliyun CLI configuration file", err.Error()+".")
		return nil
	}
	origin := cas.CredentialSource{Description: fmt.Sprintf("profile %q (mode %s) in %s", name, mode, filePath)}
	// Only these modes keep the keys in the file; the others fetch them.
	if mode == "AK" || mode == "StsToken" {
		in := func(key string) string { return fmt.Sprintf("the profile %q's %s in %s", name, key, filePath) }
		origin.AccessKeyID, origin.AccessKeySecret = in("access_key_id"), in("access_key_secret")
		if mode == "StsToken" {
			origin.SecurityToken = in("sts_token")
		}
	}
	return &source{p, origin}
}

func (ch *credentialChain) credentialsURI(uri setting) *source {
	u, err := url.Parse(uri.value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		ch.diags.AddAttributeError(path.Root("credentials_uri"), "Invalid credentials_uri",
			fmt.Sprintf("credentials_uri (set by %s) must be an http:// or https:// URL with a host.", uri.from))
		return nil
	}
	p, err := providers.NewURLCredentialsProviderBuilder().WithUrl(uri.value).WithHttpOptions(ch.http).Build()
	if err != nil {
		ch.diags.AddAttributeError(path.Root("credentials_uri"), "Invalid credentials_uri", err.Error()+".")
		return nil
	}
	return &source{p, cas.CredentialSource{Description: fmt.Sprintf("the credentials URI %s (set by %s)", redactURL(u), uri.from)}}
}

func (ch *credentialChain) ecsRole(role setting) *source {
	p, err := providers.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(role.value).Build()
	if err != nil {
		ch.diags.AddAttributeError(path.Root("ecs_role_name"), "Cannot use the ECS instance role",
			fmt.Sprintf("ecs_role_name is set (by %s) but the ECS metadata service is turned off (%v): unset ALIBABA_CLOUD_ECS_METADATA_DISABLED, or choose another credential source.", role.from, err))
		return nil
	}
	return &source{p, cas.CredentialSource{Description: fmt.Sprintf("the RAM role %q of this ECS instance (set by %s)", role.value, role.from)}}
}

func (ch *credentialChain) oidc(m assumeRoleWithOIDCModel) *source {
	block := path.Root("assume_role_with_oidc")
	providerARN := lookup(m.OIDCProviderARN.ValueString(), "assume_role_with_oidc.oidc_provider_arn")
	roleARN := lookup(m.RoleARN.ValueString(), "assume_role_with_oidc.role_arn")
	token := lookup(m.OIDCToken.ValueString(), "assume_role_with_oidc.oidc_token")
	tokenFile := lookup(m.OIDCTokenFile.ValueString(), "assume_role_with_oidc.oidc_token_file")
	sessionName := lookup(m.RoleSessionName.ValueString(), "assume_role_with_oidc.role_session_name")
	for _, missing := range []struct {
		s    setting
		attr string
	}{
		{providerARN, "oidc_provider_arn"},
		{roleARN, "role_arn"},
	} {
		if !missing.s.set() {
			ch.diags.AddAttributeError(block.AtName(missing.attr), "Incomplete assume_role_with_oidc",
				fmt.Sprintf("AssumeRoleWithOIDC needs %s: set it in the assume_role_with_oidc block or %s.", missing.attr, envList("assume_role_with_oidc."+missing.attr)))
		}
	}
	if !token.set() && !tokenFile.set() {
		ch.diags.AddAttributeError(block.AtName("oidc_token_file"), "Incomplete assume_role_with_oidc",
			fmt.Sprintf("AssumeRoleWithOIDC needs an OIDC token: set oidc_token_file (or %s) or oidc_token (or %s).", envList("assume_role_with_oidc.oidc_token_file"), envList("assume_role_with_oidc.oidc_token")))
	}
	if ch.diags.HasError() {
		return nil
	}
	b := providers.NewOIDCCredentialsProviderBuilder().
		WithOIDCProviderARN(providerARN.value).WithRoleArn(roleARN.value).
		WithRoleSessionName(orDefault(sessionName.value, defaultSessionName)).
		WithPolicy(m.Policy.ValueString()).WithDurationSeconds(ch.sessionExpiration(m.SessionExpiration, "assume_role_with_oidc")).
		WithSTSEndpoint(ch.stsHost).WithHttpOptions(ch.http)
	tokenFrom := "the token in " + token.from
	if token.set() {
		b = b.WithOIDCToken(token.value)
	} else {
		if _, err := os.Stat(tokenFile.value); err != nil {
			ch.diags.AddAttributeError(block.AtName("oidc_token_file"), "Cannot read the OIDC token file",
				fmt.Sprintf("%s (set by %s): %v.", tokenFile.value, tokenFile.from, err))
			return nil
		}
		b = b.WithOIDCTokenFilePath(tokenFile.value)
		tokenFrom = "the token file " + tokenFile.value
	}
	p, err := b.Build()
	if err != nil || ch.diags.HasError() {
		if err != nil {
			ch.diags.AddAttributeError(block, "Invalid assume_role_with_oidc", err.Error()+".")
		}
		return nil
	}
	return &source{p, cas.CredentialSource{Description: fmt.Sprintf("role %s assumed with OIDC (provider %s, %s)", roleARN.value, providerARN.value, tokenFrom)}}
}

// assumeRole wraps base in an AssumeRole of the assume_role block's role.
func (ch *credentialChain) assumeRole(base *source, m assumeRoleModel) *source {
	block := path.Root("assume_role")
	roleARN := lookup(m.RoleARN.ValueString(), "assume_role.role_arn")
	if !roleARN.set() {
		ch.diags.AddAttributeError(block.AtName("role_arn"), "Missing assume_role.role_arn",
			"The assume_role block needs the ARN of the role to assume: set role_arn in it, or "+envList("assume_role.role_arn")+".")
		return nil
	}
	if base == nil {
		ch.diags.AddAttributeError(block, "No credentials to assume the role with",
			fmt.Sprintf("assume_role assumes %s with other credentials, and none were found. Set one of sources 1 to 6 below.\n\n%s", roleARN.value, sourcesHelp()))
		return nil
	}
	sessionName := lookup(m.SessionName.ValueString(), "assume_role.session_name")
	duration := ch.sessionExpiration(m.SessionExpiration, "assume_role")
	if ch.diags.HasError() {
		return nil
	}
	p, err := providers.NewRAMRoleARNCredentialsProviderBuilder().
		WithCredentialsProvider(base.provider).WithRoleArn(roleARN.value).
		WithRoleSessionName(orDefault(sessionName.value, defaultSessionName)).WithDurationSeconds(duration).
		WithPolicy(m.Policy.ValueString()).WithExternalId(m.ExternalID.ValueString()).
		WithStsEndpoint(ch.stsHost).WithHttpOptions(ch.http).Build()
	if err != nil {
		ch.diags.AddAttributeError(block, "Invalid assume_role", err.Error()+".")
		return nil
	}
	return &source{p, cas.CredentialSource{Description: fmt.Sprintf("role %s (assume_role) assumed with %s", roleARN.value, base.origin.Description)}}
}

// sessionExpiration reads the session_expiration of block, else its
// environment variable, else the default; the schema checks the argument's
// range.
func (ch *credentialChain) sessionExpiration(v wholeNumberValue, block string) int {
	if !v.IsNull() {
		return int(v.ValueInt64())
	}
	s := lookup("", block+".session_expiration")
	if !s.set() {
		return defaultSessionExpiration
	}
	n, err := strconv.Atoi(s.value)
	if err != nil || n < minSessionExpiration || n > maxSessionExpiration {
		ch.diags.AddAttributeError(path.Root(block).AtName("session_expiration"), "Invalid session expiration",
			fmt.Sprintf("%s is %q: it must be a whole number of seconds from %d to %d.", s.from, s.value, minSessionExpiration, maxSessionExpiration))
	}
	return n
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

// sourcedProvider is the one credentials provider the client calls. It
// serialises refreshes (credentials-go's providers are not safe for
// concurrent use, and data sources are read in parallel) and names the
// source in every failure.
type sourcedProvider struct {
	mu          sync.Mutex
	inner       providers.CredentialsProvider
	source      string
	fetchedWith cas.CredentialSource // see credentialError
}

func (p *sourcedProvider) GetCredentials() (*providers.Credentials, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, err := p.inner.GetCredentials()
	if err != nil {
		return nil, &credentialError{source: p.source, fetchedWith: p.fetchedWith, err: err}
	}
	return c, nil
}

func (p *sourcedProvider) GetProviderName() string { return p.inner.GetProviderName() }

// credentialError is a failure to get credentials at the moment a call
// needed them.
type credentialError struct {
	source string
	// fetchedWith is where the keys that signed the refused call were set
	// (assume_role's base credentials); empty when none of the user's did.
	fetchedWith cas.CredentialSource
	err         error
}

func (e *credentialError) Error() string {
	detail, _ := e.detail()
	return "getting credentials from " + e.source + ": " + detail
}

// detail is the failure without secrets, and the service's error Code if it
// answered with one. credentials-go quotes a refusing service's whole JSON
// answer; only its Code, Message and RequestId are kept, and the Message
// without the string to sign the gateway echoes on a signature mismatch (it
// holds the caller's security token). URLs lose their query: credentials-go
// signs STS calls there.
func (e *credentialError) detail() (text, code string) {
	msg := e.err.Error()
	if i := strings.Index(msg, "{"); i >= 0 {
		var answer struct {
			Code, Message, RequestID string
		}
		answer.RequestID = "(none returned)"
		if json.Unmarshal([]byte(msg[i:]), &answer) == nil && answer.Code != "" {
			message, _, _ := strings.Cut(answer.Message, "string to sign")
			return fmt.Sprintf("%sCode %s: %s (RequestId %s)", redactURLs(msg[:i]), answer.Code, strings.TrimSpace(message), answer.RequestID), answer.Code
		}
	}
	return redactURLs(msg), ""
}

// redactURLs drops the user info and the query of every URL in s: a
// configured URL may carry a token there (credentials_uri), and
// credentials-go signs STS calls in the query.
func redactURLs(s string) string {
	s = urlUserInfo.ReplaceAllString(s, "$1")
	return urlQuery.ReplaceAllString(s, "$1?[redacted]")
}

var (
	urlUserInfo = regexp.MustCompile(`(https?://)[^\s"/?#@]*@`)
	urlQuery    = regexp.MustCompile(`(https?://[^\s"?]+)\?[^\s"]*`)
)

func redactURL(u *url.URL) string {
	r := *u
	r.User = nil
	if r.RawQuery != "" {
		r.RawQuery = "[redacted]"
	}
	return r.String()
}
