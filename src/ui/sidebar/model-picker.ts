/**
 * The model field: a select of the models the API listed in the last connection test, or a text input
 * before any test (or when the API listed none), so a user can always type a name.
 */
import type { Context, ModelInfo } from './context';
import { el } from './dom';

export class ModelPicker {
  readonly slot: HTMLElement = el('div', { class: 'model-slot' });
  private control: HTMLInputElement | HTMLSelectElement;

  constructor(
    private readonly ctx: Context,
    private readonly id: string,
    value: string,
    /** What an empty value means (the default model), shown as placeholder / first option. */
    private fallback: string,
    private readonly readOnly: boolean,
    private readonly describedBy?: string,
  ) {
    this.control = this.build(value, ctx.models);
    this.slot.append(this.control);
  }

  get value(): string {
    return this.control.value.trim();
  }

  get element(): HTMLInputElement | HTMLSelectElement {
    return this.control;
  }

  /** After a save changed the default model. */
  setFallback(fallback: string): void {
    this.fallback = fallback;
    this.setModels(this.ctx.models);
  }

  /** Swaps select/input after a connection test, keeping what the user had chosen or typed. */
  setModels(models: ModelInfo[]): void {
    const value = this.control.value;
    this.control = this.build(value, models);
    this.slot.replaceChildren(this.control);
  }

  private build(value: string, models: ModelInfo[]): HTMLInputElement | HTMLSelectElement {
    const common = { id: this.id, 'aria-describedby': this.describedBy };
    if (models.length === 0 || this.readOnly) {
      const input = el('input', {
        ...common,
        type: 'text',
        placeholder: this.fallback,
        readonly: this.readOnly,
        autocomplete: 'off',
        spellcheck: 'false',
      });
      input.value = value;
      return input;
    }
    const { tr } = this.ctx;
    const select = el('select', common, [
      el('option', { value: '' }, [tr('sidebar.model.useDefault', { name: this.fallback })]),
      ...models.map((model) =>
        el('option', { value: model.name }, [
          model.version
            ? tr('sidebar.model.withVersion', { name: model.name, version: model.version })
            : model.name,
        ]),
      ),
    ]);
    // A value the API did not list stays selectable, marked, so saving does not silently change it.
    if (value !== '' && !models.some((model) => model.name === value)) {
      select.append(el('option', { value }, [tr('sidebar.model.notListed', { name: value })]));
    }
    select.value = value;
    return select;
  }
}
