-- wrk script: replays real remote-write bodies round-robin, with Prometheus's own headers.
-- Usage: wrk -s remote-write.lua URL -- body1.bin body2.bin ...
local bodies = {}
local next_body = 0

function init(args)
  for _, path in ipairs(args) do
    local file = assert(io.open(path, "rb"))
    bodies[#bodies + 1] = file:read("*a")
    file:close()
  end
end

function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-protobuf",
    ["Content-Encoding"] = "snappy",
    ["X-Prometheus-Remote-Write-Version"] = "0.1.0",
  }, bodies[next_body])
end
