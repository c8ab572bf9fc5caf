// Package compliance holds no code: the module only pins the compliance suite's version.
package compliance
