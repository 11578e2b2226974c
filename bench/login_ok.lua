-- A correct login (the demo applicant), again and again.
wrk.method = "POST"
wrk.path = "/api/v1/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"applicant@example.org","password":"demo password for matchready"}'
