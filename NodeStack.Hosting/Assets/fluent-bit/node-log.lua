-- Fluent Bit Lua filter (LuaJIT) that finishes what the nodestack-* regex parsers start:
--   * the raw "fields" text becomes one record key per node attribute (number, hash, height, peers, ...);
--   * the node's level becomes the OTLP severity in the record's metadata (otlp.severity_text and
--     otlp.severity_number), which Fluent Bit's opentelemetry output maps onto the log record and never copies
--     into its attributes, so the Aspire dashboard shows and filters node logs by level, once;
--   * a line no parser matched keeps its raw text as the message, so nothing is lost;
--   * a line with no text (geth's banner has empty lines) is dropped;
--   * a timestamp without a year (geth, Lighthouse) is never in the future: the parser assumes the current year,
--     so a December line read in January is moved back one year;
--   * the container runtime's CRI fields (time, _p) are removed on Kubernetes; stream (stdout or stderr) stays.
-- Each nodestack_* function is Fluent Bit's metadata-aware Lua callback (Fluent Bit 4.0.4 and later):
-- (tag, timestamp, group, metadata, record) -> code, timestamp, metadata, record, where code 1 means "changed"
-- and -1 "drop".

-- OpenTelemetry log data model severity numbers (TRACE=1, DEBUG=5, INFO=9, WARN=13, ERROR=17, FATAL=21).
local SEVERITY = {
  trace = { "TRACE", 1 }, trce = { "TRACE", 1 },
  debug = { "DEBUG", 5 }, debg = { "DEBUG", 5 },
  info = { "INFO", 9 },
  warn = { "WARN", 13 }, warning = { "WARN", 13 },
  error = { "ERROR", 17 }, erro = { "ERROR", 17 },
  crit = { "FATAL", 21 },
}

-- bitcoind's level names (Bitcoin Core src/logging.cpp, LogLevelToStr).
local BITCOIND_LEVELS = { trace = true, debug = true, info = true, warning = true, error = true }

local function present(value)
  return value ~= nil and value ~= ""
end

local function set_severity(metadata, level)
  local severity = present(level) and SEVERITY[string.lower(level)] or nil
  if severity then
    metadata.otlp = metadata.otlp or {}
    metadata.otlp.severity_text = severity[1]
    metadata.otlp.severity_number = severity[2]
  end
end

-- The CRI log format's own fields (kubelet container logs): "time" is the runtime's timestamp, already the
-- record's time before the parser ran, and "_p" marks partial lines the cri multiline parser has joined.
local function without_cri_fields(record)
  record.time = nil
  record._p = nil
end

local SECONDS_PER_DAY = 86400

-- Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
local function days_from_civil(year, month, day)
  if month <= 2 then
    year = year - 1
  end
  local era = math.floor(year / 400)
  local year_of_era = year - era * 400
  local month_index = (month + 9) % 12
  local day_of_year = math.floor((153 * month_index + 2) / 5) + day - 1
  local day_of_era = year_of_era * 365 + math.floor(year_of_era / 4) - math.floor(year_of_era / 100) + day_of_year
  return era * 146097 + day_of_era - 719468
end

-- The same UTC date and time one year earlier.
local function one_year_earlier(timestamp)
  local seconds = math.floor(timestamp)
  local utc = os.date("!*t", seconds)
  local days = days_from_civil(utc.year - 1, utc.month, utc.day)
  return days * SECONDS_PER_DAY + utc.hour * 3600 + utc.min * 60 + utc.sec + (timestamp - seconds)
end

-- os.time() counts whole seconds, so a line written within the current second may carry a fraction more.
local READ_TIME_RESOLUTION = 1

-- A yearless timestamp the parser dated after the moment it is read belongs to the previous year.
local function at_or_before_read_time(timestamp)
  if timestamp > os.time() + READ_TIME_RESOLUTION then
    return one_year_earlier(timestamp)
  end
  return timestamp
end

-- A node attribute never overwrites a key the pipeline set (message, kubernetes, stream, ...).
local function add_field(record, key, value)
  if record[key] == nil then
    record[key] = value
  else
    record["field." .. key] = value
  end
end

-- geth prints integers of 100000 and more with thousands separators (log/format.go, appendUint64).
local function without_thousands_separators(value)
  if string.find(value, "^%-?%d%d?%d?,%d%d%d") and string.find(value, "^%-?[%d,]+$") then
    return (string.gsub(value, ",", ""))
  end
  return value
end

-- Reads a double-quoted value starting at text[index] == '"' (Go strconv.Quote and Rust Debug escaping).
-- Returns the unescaped value and the index after the closing quote.
local function read_quoted(text, index)
  local parts, position, length = {}, index + 1, #text
  while position <= length do
    local char = string.sub(text, position, position)
    if char == "\\" and position < length then
      local escaped = string.sub(text, position + 1, position + 1)
      parts[#parts + 1] = (escaped == "n" and "\n") or (escaped == "t" and "\t") or escaped
      position = position + 2
    elseif char == '"' then
      return table.concat(parts), position + 1
    else
      parts[#parts + 1] = char
      position = position + 1
    end
  end
  return table.concat(parts), position
end

-- key=value pairs (geth attributes, bitcoind message text). Values are bare, "double quoted" or
-- 'single quoted' (bitcoind: date='2026-11-27T06:26:07Z', warning='...'). A key starts a word.
local function parse_assignments(text, record)
  local index, length = 1, #text
  while index <= length do
    local key_start, equals, key = string.find(text, "([%a_][%w_%.%-]*)=", index)
    if not key_start then
      return
    end
    local starts_word = key_start == 1 or string.find(string.sub(text, key_start - 1, key_start - 1), "%s")
    if not starts_word then
      index = equals + 1
    else
      local first = string.sub(text, equals + 1, equals + 1)
      local value
      if first == '"' then
        value, index = read_quoted(text, equals + 1)
      elseif first == "'" then
        local closing = string.find(text, "'", equals + 2, true) or (length + 1)
        value, index = string.sub(text, equals + 2, closing - 1), closing + 1
      else
        local stop = string.find(text, "%s", equals + 1) or (length + 1)
        value, index = string.sub(text, equals + 1, stop - 1), stop
        value = string.gsub(value, ",$", "")
      end
      add_field(record, key, without_thousands_separators(value))
    end
  end
end

-- Reads a Lighthouse field value up to the ", key: " that starts the next field, skipping over quoted
-- strings and bracketed Debug output such as Checkpoint { epoch: 1, root: 0x.. }.
local function read_colon_value(text, index)
  local position, depth, length = index, 0, #text
  while position <= length do
    local char = string.sub(text, position, position)
    if char == '"' then
      local _, after = read_quoted(text, position)
      position = after
    elseif char == "(" or char == "{" or char == "[" then
      depth, position = depth + 1, position + 1
    elseif char == ")" or char == "}" or char == "]" then
      depth, position = math.max(0, depth - 1), position + 1
    elseif char == "," and depth == 0 and string.find(text, "^, [%a_][%w_]*: ", position) then
      break
    else
      position = position + 1
    end
  end
  local value = string.match(string.sub(text, index, position - 1), "^%s*(.-)%s*$")
  if string.find(value, '^"') then
    local unquoted, after = read_quoted(value, 1)
    if after > #value then
      value = unquoted
    end
  end
  return value, position
end

-- Lighthouse "key: value, key: value" fields.
local function parse_colon_pairs(text, record)
  local index = 1
  while true do
    local _, key_end, key = string.find(text, "^,?%s*([%a_][%w_]*): ", index)
    if not key_end then
      return
    end
    local value
    value, index = read_colon_value(text, key_end + 1)
    add_field(record, key, value)
  end
end

-- A line the regex parser did not match still has its raw text under "log".
local function keep_unparsed_line(record)
  if record.message == nil and record.log ~= nil then
    record.message = record.log
    record.log = nil
    return true
  end
  return false
end

local function has_text(record)
  return record.message ~= nil and string.find(record.message, "%S") ~= nil
end

-- geth and Lighthouse lines: a level word, then the attributes apart from the message.
local function with_level_and_fields(metadata, record, parse_fields)
  if keep_unparsed_line(record) then
    return record
  end
  set_severity(metadata, record.level)
  record.level = nil
  if present(record.fields) then
    parse_fields(record.fields, record)
  end
  record.fields = nil
  return record
end

-- Shared by every format: CRI fields go first (a node attribute may be named "time"), empty lines are dropped.
local function shape(timestamp, metadata, record, shape_node_line)
  without_cri_fields(record)
  record = shape_node_line(metadata, record)
  if not has_text(record) then
    return -1, timestamp, metadata, record
  end
  return 1, timestamp, metadata, record
end

function nodestack_geth(tag, timestamp, group, metadata, record)
  return shape(at_or_before_read_time(timestamp), metadata, record, function(meta, line)
    return with_level_and_fields(meta, line, parse_assignments)
  end)
end

local function bitcoind_line(metadata, record)
  if keep_unparsed_line(record) then
    return record
  end
  -- "[net]" is a category's debug line, "[warning]" a level without category, "[net:warning]" both; no bracket
  -- means info (Bitcoin Core src/logging.cpp, GetLogPrefix).
  local bracket, category, level = record.category, nil, "info"
  if present(bracket) then
    local name, named_level = string.match(bracket, "^([^:]+):(.+)$")
    if name then
      category, level = name, named_level
    elseif BITCOIND_LEVELS[bracket] then
      level = bracket
    else
      category, level = bracket, "debug"
    end
  end
  record.category = category
  set_severity(metadata, level)
  if present(record.message) then
    parse_assignments(record.message, record)
  end
  return record
end

-- bitcoind writes the year, so its timestamps are left as they are.
function nodestack_bitcoind(tag, timestamp, group, metadata, record)
  return shape(timestamp, metadata, record, bitcoind_line)
end

function nodestack_lighthouse(tag, timestamp, group, metadata, record)
  return shape(at_or_before_read_time(timestamp), metadata, record, function(meta, line)
    return with_level_and_fields(meta, line, parse_colon_pairs)
  end)
end

-- For outputs that print only the record (stdout's json_lines): the severity joins it as "severity".
function nodestack_severity_as_field(tag, timestamp, group, metadata, record)
  local otlp = metadata.otlp
  if otlp == nil or otlp.severity_text == nil then
    return 0, timestamp, metadata, record
  end
  record.severity = otlp.severity_text
  return 1, timestamp, metadata, record
end
