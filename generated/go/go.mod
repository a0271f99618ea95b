module github.com/example/workos-go

go 1.24
