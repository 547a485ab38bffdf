-- Fluent Bit Lua filter (LuaJIT) that finishes what the nodestack-* regex parsers start:
--   * the raw "fields" text becomes one record key per node attribute (number, hash, height, peers, ...);
--   * the node's level becomes severityText/severityNumber, which Fluent Bit's opentelemetry output maps
--     onto the OTLP log record, so the Aspire dashboard shows and filters node logs by level;
--   * a line no parser matched keeps its raw text as the message, so nothing is lost.
-- Each nodestack_* function is a Fluent Bit Lua callback: (tag, timestamp, record) -> code, timestamp, record,
-- where code 2 means "record changed, keep the timestamp".

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

local function set_severity(record, level)
  local severity = present(level) and SEVERITY[string.lower(level)] or nil
  if severity then
    record.severityText = severity[1]
    record.severityNumber = severity[2]
  end
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

-- geth and Lighthouse lines: a level word, then the attributes apart from the message.
local function with_level_and_fields(record, parse_fields)
  if keep_unparsed_line(record) then
    return record
  end
  set_severity(record, record.level)
  record.level = nil
  if present(record.fields) then
    parse_fields(record.fields, record)
  end
  record.fields = nil
  return record
end

function nodestack_geth(tag, timestamp, record)
  return 2, timestamp, with_level_and_fields(record, parse_assignments)
end

function nodestack_bitcoind(tag, timestamp, record)
  if keep_unparsed_line(record) then
    return 2, timestamp, record
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
  set_severity(record, level)
  if present(record.message) then
    parse_assignments(record.message, record)
  end
  return 2, timestamp, record
end

function nodestack_lighthouse(tag, timestamp, record)
  return 2, timestamp, with_level_and_fields(record, parse_colon_pairs)
end
