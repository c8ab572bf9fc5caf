-- wrk script: replays real remote-write bodies round-robin, with the headers their sender used.
-- Usage: wrk -s remote-write.lua URL -- v1|v2 body1.bin body2.bin ...
local bodies = {}
local headers
local next_body = 0

local HEADERS = {
  v1 = {
    ["Content-Type"] = "application/x-protobuf",
    ["Content-Encoding"] = "snappy",
    ["X-Prometheus-Remote-Write-Version"] = "0.1.0",
  },
  v2 = {
    ["Content-Type"] = "application/x-protobuf;proto=io.prometheus.write.v2.Request",
    ["Content-Encoding"] = "snappy",
    ["X-Prometheus-Remote-Write-Version"] = "2.0.0",
  },
}

function init(args)
  headers = assert(HEADERS[args[1]], "first argument: v1 or v2")
  for i = 2, #args do
    local file = assert(io.open(args[i], "rb"))
    bodies[#bodies + 1] = file:read("*a")
    file:close()
  end
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[next_body])
end
