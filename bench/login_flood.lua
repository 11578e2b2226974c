-- A password-guessing flood against one account from one address.
wrk.method = "POST"
wrk.path = "/api/v1/auth/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"advisor@example.org","password":"guess number one two three"}'
