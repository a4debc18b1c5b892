/**
 * infra/azure.bicep parsed with a real Bicep grammar (tree-sitter-bicep, run offline from the
 * package's prebuilt binary): the syntax is whole, and the text reader the other infra tests use
 * (tests/helpers/bicep.ts) sees the same resources, decorators and conditions the grammar does. It
 * is not the Bicep compiler: types, property names and API versions are still checked by
 * `az bicep build` and `what-if`, the first two steps of docs/deploying.md.
 */
import Parser from 'tree-sitter';
import Bicep from 'tree-sitter-bicep';
import { bicep, bicepResources } from '../helpers/bicep';

type Node = Parser.SyntaxNode;

function parse(text: string): Node {
  const parser = new Parser();
  parser.setLanguage(Bicep as unknown as Parser.Language);
  return parser.parse(text, undefined, { bufferSize: 4 * 1024 * 1024 }).rootNode;
}

function problems(root: Node): string[] {
  const found: string[] = [];
  const walk = (node: Node) => {
    if (node.type === 'ERROR' || node.isMissing)
      found.push(
        `line ${node.startPosition.row + 1}: ${node.isMissing ? `missing ${node.type}` : node.text.slice(0, 60)}`,
      );
    for (const child of node.children) walk(child);
  };
  walk(root);
  return found;
}

const root = parse(bicep);

it('parses whole, with no syntax error', () => {
  expect(root.hasError).toBe(false);
  expect(problems(root)).toEqual([]);
});

it('would report a broken template (the check can fail)', () => {
  const broken = bicep.replace("sku: { name: 'F0' }", "sku: { name: 'F0' ");
  expect(problems(parse(broken)).length).toBeGreaterThan(0);
});

it('has the resources and decorators the text reader of the other tests finds', () => {
  const declared = root.children.filter((n) => n.type === 'resource_declaration');
  const read = bicepResources();
  expect(declared.map((n) => n.child(1)?.text)).toEqual(read.map((r) => r.symbol));
  // Each decorated resource: the decorators the grammar attaches are the ones the reader sees.
  let decorated = 0;
  for (const node of root.children.filter((n) => n.type === 'decorators')) {
    const next = node.nextNamedSibling;
    if (next?.type !== 'resource_declaration') continue;
    const symbol = next.child(1)?.text;
    const decorators = node.namedChildren.map((d) => d.text);
    expect([symbol, read.find((r) => r.symbol === symbol)?.decorators]).toEqual([symbol, decorators]);
    decorated++;
  }
  expect(decorated).toBe(read.filter((r) => r.decorators.length > 0).length);
  expect(decorated).toBeGreaterThanOrEqual(3);
});
