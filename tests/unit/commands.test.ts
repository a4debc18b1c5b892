import { COMMANDS, matchCommand, normaliseCommandText } from '../../src/bot/commands';

it('normalises spacing, case and a trailing full stop', () => {
  expect(normaliseCommandText('  Help.  ')).toBe('help');
  expect(normaliseCommandText('WHO   covers')).toBe('who covers');
  expect(normaliseCommandText(undefined)).toBe('');
});

it('matches each command by its own example', () => {
  for (const command of COMMANDS) expect(matchCommand(command.example)?.command.id).toBe(command.id);
});

it('takes the argument as typed', () => {
  expect(matchCommand('Who covers  rm3 7AB')).toMatchObject({
    command: { id: 'whoCovers' },
    argument: 'rm3 7AB',
  });
  expect(matchCommand('who covers')).toMatchObject({ command: { id: 'whoCovers' }, argument: '' });
  expect(matchCommand('help')?.argument).toBe('');
});

it('matches nothing for ordinary sentences', () => {
  expect(matchCommand('can you help my neighbour')).toBeUndefined();
  expect(matchCommand('')).toBeUndefined();
});

it('keeps titles and descriptions within the Teams manifest limits', () => {
  for (const command of COMMANDS) {
    expect(command.title.length).toBeLessThanOrEqual(32);
    expect(command.description.length).toBeLessThanOrEqual(128);
  }
});
