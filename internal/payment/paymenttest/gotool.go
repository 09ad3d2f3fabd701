package paymenttest

import (
	"errors"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
)

// lookGoTool finds the program name the way `go install` places it: on the
// PATH, else in $GOBIN, else in the bin folder of each $GOPATH entry (by
// default ~/go/bin). The error says where it looked.
func lookGoTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	var dirs []string
	if gobin := os.Getenv("GOBIN"); gobin != "" {
		dirs = append(dirs, gobin)
	}
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		gopath = build.Default.GOPATH // the go command's default, ~/go
	}
	for _, gp := range filepath.SplitList(gopath) {
		dirs = append(dirs, filepath.Join(gp, "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", errors.New(name + " is not on the PATH nor in $GOBIN or $GOPATH/bin")
}
