import { Option } from 'commander';
import { COMMAND_FORMATS, type FormattedCommand } from '../output/format';

/**
 * A command's `-f, --format <format>`: the formats COMMAND_FORMATS gives it as the choices (any other
 * value is refused with commander's own "Allowed choices are …" error), the first one the default.
 */
export function formatOption(command: FormattedCommand, description = 'output format'): Option {
  const formats = COMMAND_FORMATS[command];
  return new Option('-f, --format <format>', description).choices(formats).default(formats[0]);
}
