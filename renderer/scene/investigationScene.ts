/**
 * Draws one location of the investigation: its background, and an outline for each hotspot that
 * thickens and fills when the hotspot has the pointer or the keyboard focus, or when the trainee
 * asks to see every hotspot. Each outline is two colours, a light one (by kind of hotspot) and a
 * dark one, the one that stands out from the art under it outside (contrast.ts), so it reaches 3:1
 * against any art, at a width measured in screen pixels whatever the canvas' scale. Input is
 * handled by the accessible DOM layer over the canvas (SceneStage.tsx); this scene only draws
 * what it is told. A still scene keeps no loop running (see idle.ts).
 */
import * as Phaser from 'phaser';
import type { SceneBus } from './bus';
import { outlineColours, type OutlineColours, type Rgb } from './contrast';
import { IdleLoop } from './idle';
import { hotspotPalette, outlineDark } from './investigationPalette';
import { outlineSamples, type StageHotspot, type StageModel } from './stageModel';

export const investigationSceneKey = 'investigation';

/** Outline widths in screen pixels: the halo, and the line inside it. */
const width = { halo: 7, line: 3, activeHalo: 10, activeLine: 4 } as const;

/** The art as pixels at the scene's size, to choose each outline's colours. */
interface ArtPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export class InvestigationScene extends Phaser.Scene {
  private readonly bus: SceneBus;
  private model: StageModel | null = null;
  private highlighted: string | null = null;
  private background?: Phaser.GameObjects.Image | Phaser.GameObjects.Rectangle;
  private outlines?: Phaser.GameObjects.Graphics;
  private art: ArtPixels | null = null;
  private outlineChoice = new Map<string, OutlineColours>();
  private revealed = false;
  private textureCounter = 0;
  private frames = 0;
  private frameWindowStart = 0;
  private idle?: IdleLoop;

  constructor(bus: SceneBus) {
    super({ key: investigationSceneKey });
    this.bus = bus;
  }

  create(): void {
    this.outlines = this.add.graphics().setDepth(10);
    // The outlines keep their width in screen pixels: redrawn whenever the canvas is rescaled.
    this.scale.on(Phaser.Scale.Events.RESIZE, () => this.drawOutlines());
    this.idle = new IdleLoop(this);
    const type = this.game.renderer.type === Phaser.WEBGL ? 'webgl' : 'canvas';
    this.bus.emit('stage:ready', {
      width: this.scale.width,
      height: this.scale.height,
      renderer: type,
    });
    if (this.model) this.show(this.model);
  }

  override update(time: number): void {
    this.frames += 1;
    if (time - this.frameWindowStart >= 1000) {
      this.bus.emit('stage:frame', { fps: (this.frames * 1000) / (time - this.frameWindowStart) });
      this.frames = 0;
      this.frameWindowStart = time;
    }
    this.idle?.tick(time);
  }

  /** Shows a location; a change of location fades through black. */
  show(model: StageModel): void {
    const previous = this.model;
    this.model = model;
    if (!this.sys.isActive() || !this.outlines) return;
    this.idle?.wake();
    this.drawOutlines();
    const changed = previous?.sceneId !== model.sceneId || previous.background !== model.background;
    if (!changed && this.background) return;
    const release = this.idle?.hold() ?? (() => undefined);
    const reveal = () => {
      this.loadBackground(model, () => {
        const fade = previous ? 250 : 0;
        this.cameras.main.fadeIn(fade, 0, 0, 0);
        this.bus.emit('stage:shown', { sceneId: model.sceneId });
        this.time.delayedCall(fade + 50, release);
      });
    };
    if (previous && this.background) {
      this.cameras.main.fadeOut(200, 0, 0, 0);
      this.cameras.main.once(Phaser.Cameras.Scene2D.Events.FADE_OUT_COMPLETE, reveal);
    } else {
      reveal();
    }
  }

  /** Shows every hotspot filled, as when each has the focus, or back to outlines only. */
  reveal(on: boolean): void {
    this.revealed = on;
    this.idle?.wake();
    this.drawOutlines();
  }

  /** Marks one hotspot as having pointer or keyboard focus (null for none). */
  highlight(id: string | null): void {
    this.highlighted = id;
    this.idle?.wake();
    this.drawOutlines();
  }

  /** A short pulse where evidence was just collected. */
  celebrate(id: string): void {
    const hotspot = this.model?.hotspots.find((candidate) => candidate.id === id);
    if (!hotspot) return;
    this.idle?.wake();
    const { x, y } = centreOf(hotspot);
    const ring = this.add
      .circle(x, y, 12)
      .setStrokeStyle(4, hotspotPalette[hotspot.kind])
      .setDepth(20);
    this.tweens.add({
      targets: ring,
      radius: 90,
      alpha: 0,
      duration: 700,
      ease: 'Cubic.easeOut',
      onComplete: () => ring.destroy(),
    });
  }

  private loadBackground(model: StageModel, done: () => void): void {
    this.background?.destroy();
    if (!model.background) {
      this.background = this.add.rectangle(0, 0, model.width, model.height, 0x1e293b).setOrigin(0);
      this.art = null;
      this.outlineChoice.clear();
      done();
      return;
    }
    this.textureCounter += 1;
    const key = `background-${this.textureCounter}`;
    // SVG backgrounds are rasterised at the scene's size: an SVG with only a viewBox has no
    // intrinsic size, and loaded as a plain image it would come out empty.
    if (/\.svg(\?|#|$)/i.test(model.background)) {
      this.load.svg(key, model.background, { width: model.width, height: model.height });
    } else {
      this.load.image(key, model.background);
    }
    this.load.once(Phaser.Loader.Events.COMPLETE, () => {
      if (!this.textures.exists(key)) {
        this.background = this.add
          .rectangle(0, 0, model.width, model.height, 0x1e293b)
          .setOrigin(0);
      } else {
        this.background = this.add
          .image(0, 0, key)
          .setOrigin(0)
          .setDisplaySize(model.width, model.height);
      }
      this.background.setDepth(0);
      this.art = this.readArt(key, model);
      this.outlineChoice.clear();
      this.drawOutlines();
      done();
    });
    this.load.start();
  }

  /** The background's pixels at the scene's size, or null when they cannot be read. */
  private readArt(key: string, model: StageModel): ArtPixels | null {
    if (!this.textures.exists(key)) return null;
    try {
      const source = this.textures.get(key).getSourceImage() as CanvasImageSource;
      const canvas = document.createElement('canvas');
      canvas.width = model.width;
      canvas.height = model.height;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) return null;
      context.drawImage(source, 0, 0, model.width, model.height);
      const { data } = context.getImageData(0, 0, model.width, model.height);
      return { width: model.width, height: model.height, data };
    } catch {
      // Unreadable art (it never is for a pack's own files): the dark colour goes outside.
      return null;
    }
  }

  /** Each hotspot's two colours, chosen once per art from the pixels along its outline. */
  private coloursOf(hotspot: StageHotspot): OutlineColours {
    const key = `${hotspot.id}:${hotspot.kind}:${JSON.stringify(hotspot.shape)}`;
    let choice = this.outlineChoice.get(key);
    if (!choice) {
      const light = hotspotPalette[hotspot.kind];
      const art = this.art;
      if (!art) {
        choice = { halo: outlineDark, line: light };
      } else {
        const pixels: Rgb[] = [];
        // The art on both sides of the outline, where the halo meets it.
        for (const sample of outlineSamples(hotspot.shape, 6)) {
          for (const offset of [-6, -3, 0, 3, 6]) {
            const x = Math.round(sample.x + sample.nx * offset);
            const y = Math.round(sample.y + sample.ny * offset);
            if (x < 0 || y < 0 || x >= art.width || y >= art.height) continue;
            const index = (y * art.width + x) * 4;
            pixels.push([art.data[index]!, art.data[index + 1]!, art.data[index + 2]!]);
          }
        }
        choice =
          pixels.length > 0
            ? outlineColours(pixels, light, outlineDark)
            : { halo: outlineDark, line: light };
      }
      this.outlineChoice.set(key, choice);
    }
    return choice;
  }

  private drawOutlines(): void {
    const graphics = this.outlines;
    if (!graphics) return;
    graphics.clear();
    // Scene units per screen pixel: the canvas is drawn at the scene's size and scaled to fit.
    const unit = Math.max(this.scale.displayScale.x, 0.25);
    for (const hotspot of this.model?.hotspots ?? []) {
      const active = hotspot.id === this.highlighted;
      const { halo, line } = this.coloursOf(hotspot);
      if (active || this.revealed) {
        graphics.fillStyle(hotspotPalette[hotspot.kind], active ? 0.28 : 0.2);
        fillPath(graphics, hotspot);
      }
      graphics.lineStyle((active ? width.activeHalo : width.halo) * unit, halo, 1);
      strokePath(graphics, hotspot);
      graphics.lineStyle((active ? width.activeLine : width.line) * unit, line, 1);
      strokePath(graphics, hotspot);
    }
  }
}

function fillPath(graphics: Phaser.GameObjects.Graphics, hotspot: StageHotspot): void {
  const shape = hotspot.shape;
  if (shape.kind === 'rect') {
    graphics.fillRect(shape.x, shape.y, shape.width, shape.height);
    return;
  }
  graphics.fillPoints(
    shape.points.map(([x, y]) => new Phaser.Math.Vector2(x, y)),
    true,
  );
}

function strokePath(graphics: Phaser.GameObjects.Graphics, hotspot: StageHotspot): void {
  const shape = hotspot.shape;
  if (shape.kind === 'rect') {
    graphics.strokeRect(shape.x, shape.y, shape.width, shape.height);
    return;
  }
  graphics.strokePoints(
    shape.points.map(([x, y]) => new Phaser.Math.Vector2(x, y)),
    true,
  );
}

function centreOf(hotspot: StageHotspot): { x: number; y: number } {
  const shape = hotspot.shape;
  if (shape.kind === 'rect') return { x: shape.x + shape.width / 2, y: shape.y + shape.height / 2 };
  const sum = shape.points.reduce((total, [x, y]) => ({ x: total.x + x, y: total.y + y }), {
    x: 0,
    y: 0,
  });
  return { x: sum.x / shape.points.length, y: sum.y / shape.points.length };
}
