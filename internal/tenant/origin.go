package tenant

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// originIDNA turns an internationalised host into the punycode a browser
// puts in its Origin header (https://bröllop.se → https://xn--brllop-5wa.se),
// with the lookup rules browsers apply.
var originIDNA = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true),
	idna.Transitional(false))

// parseOrigin is origin in its canonical form, scheme://host[:port] in
// lower case with the host in punycode and no default port; or "" and
// what is wrong with it, as a phrase following the origin ("has a path
// (/book)"), naming every problem found.
func parseOrigin(origin string) (string, string) {
	if strings.Contains(origin, "*") {
		// People write "*" or https://*.example.com as in other CORS
		// settings; here the empty list is "any website".
		return "", "is a wildcard, which this list does not take: name each website, or leave the list empty to let any website use the widget's API"
	}
	u, err := url.Parse(strings.TrimSpace(origin))
	if err != nil {
		return "", "is not a URL (" + strings.TrimPrefix(err.Error(), "parse "+strconv.Quote(strings.TrimSpace(origin))+": ") + ")"
	}
	if u.Scheme == "" || u.Opaque != "" || u.Host == "" {
		return "", "lacks its scheme and host: write it as https://host"
	}
	var why []string
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname())
	local := host == "localhost" || host == "127.0.0.1"
	switch {
	case scheme == "http" && !local:
		why = append(why, "uses http, which only localhost and 127.0.0.1 may (use https)")
	case scheme != "https" && scheme != "http":
		why = append(why, "uses the scheme "+scheme+": only https (http for localhost) is an origin a page can have")
	}
	if u.User != nil {
		why = append(why, "holds a user name or password")
	}
	if u.Path != "" && u.Path != "/" {
		why = append(why, "has a path ("+u.EscapedPath()+")")
	}
	if u.RawQuery != "" || u.ForceQuery {
		why = append(why, "has a query (?"+u.RawQuery+")")
	}
	if u.Fragment != "" {
		why = append(why, "has a fragment (#"+u.Fragment+")")
	}
	port, portWhy := originPort(scheme, u.Port())
	if portWhy != "" {
		why = append(why, portWhy)
	}
	if !local {
		ascii, hostWhy := originHost(host)
		if hostWhy != "" {
			why = append(why, hostWhy)
		}
		host = ascii
	}
	if len(why) > 0 {
		return "", strings.Join(why, ", ")
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	}
	return scheme + "://" + host, ""
}

// originPort is the port to keep ("" for none or the scheme's default),
// or why it is not a port: a TCP port is 1–65535.
func originPort(scheme, port string) (string, string) {
	if port == "" {
		return "", ""
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return "", "has port " + port + ", outside 1–65535"
	}
	if n == 443 && scheme == "https" || n == 80 && scheme == "http" {
		return "", ""
	}
	return strconv.Itoa(n), ""
}

// originHost is host as ASCII (punycode for an internationalised name),
// or why it is not a domain name.
func originHost(host string) (string, string) {
	if strings.Contains(host, "*") {
		return host, "has a wildcard: list each origin"
	}
	ascii, err := originIDNA.ToASCII(host)
	if err != nil || !validHost(ascii) {
		return host, "has the host " + strconv.Quote(host) + ", which is not a domain name such as www.example.com"
	}
	return ascii, ""
}
