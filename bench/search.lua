-- Rotates through realistic searches: a text query and three filters each.
local paths = {
  "/api/v1/experiences?q=medicine&state=NY&hands_on=true&max_price=6000",
  "/api/v1/experiences?q=chicago&specialty=internal-medicine&letter=true&max_price=8000",
  "/api/v1/experiences?q=pediatrics&state=FL&type=clinical_rotation&sort=price",
  "/api/v1/experiences?q=brooklyn&hands_on=true&visa=j1&applicant_type=img",
  "/api/v1/experiences?q=epic&specialty=family-medicine&state=TX&max_price=7000",
  "/api/v1/experiences?q=observership&state=CA&visa=b1_b2&applicant_type=img",
  "/api/v1/experiences?q=houston&hands_on=true&letter=true&sort=soonest",
  "/api/v1/experiences?q=psychiatry&start_from=2027-03-01&start_to=2027-06-30&max_price=9000",
  "/api/v1/experiences?q=miami&specialty=internal-medicine&step1=false&applicant_type=img",
  "/api/v1/experiences?q=surgery&state=IL&hands_on=true&grad_year=2020",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
